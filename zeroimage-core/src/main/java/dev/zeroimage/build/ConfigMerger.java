package dev.zeroimage.build;

import dev.zeroimage.image.Addition;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds our image config the way Docker does for {@code FROM base} + {@code COPY} + {@code ENTRYPOINT}:
 * base Env kept and overridden per key, Entrypoint set (which drops the base Cmd unless args are given),
 * WorkingDir and User ours if set, Labels, ExposedPorts and Volumes merged, history appended.
 */
final class ConfigMerger {
    private final BuildOptions options;
    private final BaseImage base;
    private final User user;

    ConfigMerger(BuildOptions options, BaseImage base) {
        this(options, base, options.user());
    }

    /** {@code user}: the configured user as the image holds it (numeric once resolved), null for the base's. */
    ConfigMerger(BuildOptions options, BaseImage base, User user) {
        this.options = options;
        this.base = base;
        this.user = user;
    }

    /** The config for {@code additions} on top of the base, with the executable as Entrypoint. */
    ImageConfig merge(Platform platform, ImagePath executablePath, List<Addition> additions) {
        ImageConfig config = base.config() == null ? new ImageConfig() : copyOf(base.config());
        String created = options.creationTime().toString();
        config.created = created;
        config.os = platform.os();
        config.architecture = platform.architecture();
        config.variant = platform.variant();

        ImageConfig.ContainerConfig runtime = config.config == null ? new ImageConfig.ContainerConfig() : config.config;
        config.config = runtime;
        runtime.env = mergeEnv(runtime.env);
        runtime.entrypoint = List.of(executablePath.value());
        runtime.cmd = options.args() == null || options.args().isEmpty() ? null : options.args();
        if (options.workingDirectory() != null) {
            runtime.workingDir = options.workingDirectory();
        }
        if (user != null) {
            runtime.user = user.text();
        }
        runtime.labels = mergeMap(runtime.labels, options.labels());
        runtime.exposedPorts = mergeKeys(runtime.exposedPorts,
                options.ports().stream().flatMap(port -> port.configKeys().stream()).toList());
        runtime.volumes = mergeKeys(runtime.volumes, options.volumes());

        // The base's layers as the image lists them, then ours with their history lines.
        config.rootfs = new ImageConfig.RootFs();
        base.layers().forEach(layer -> config.rootfs.diffIds.add(layer.diffId()));
        config.history = new ArrayList<>(config.history == null ? List.of() : config.history);
        config.append(created, additions);
        config.history.add(new ImageConfig.History(created, "zeroimage: ENTRYPOINT [\"" + executablePath + "\"]",
                null, true));
        return config;
    }

    private List<String> mergeEnv(List<String> baseEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        if (baseEnv != null) {
            for (String entry : baseEnv) {
                int eq = entry.indexOf('=');
                env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
            }
        }
        env.putIfAbsent("PATH", ImageConfig.DEFAULT_PATH);
        // Names were checked by BuildOptions.
        options.environment().forEach((name, value) -> env.put(name, value == null ? "" : value));
        List<String> result = new ArrayList<>();
        env.forEach((key, value) -> result.add(key + "=" + value));
        return result;
    }

    private static Map<String, String> mergeMap(Map<String, String> baseValues, Map<String, String> ours) {
        Map<String, String> merged = new TreeMap<>();
        if (baseValues != null) {
            merged.putAll(baseValues);
        }
        ours.forEach((key, value) -> merged.put(key, value == null ? "" : value));
        return merged.isEmpty() ? null : merged;
    }

    private static Map<String, Map<String, Object>> mergeKeys(Map<String, Map<String, Object>> baseValues,
                                                              List<String> keys) {
        Map<String, Map<String, Object>> merged = new TreeMap<>();
        if (baseValues != null) {
            merged.putAll(baseValues);
        }
        keys.forEach(key -> merged.put(key, Map.of()));
        return merged.isEmpty() ? null : merged;
    }

    /** A deep copy, so the base config is never changed under its reader. */
    private static ImageConfig copyOf(ImageConfig config) {
        return Json.read(Json.toBytes(config), ImageConfig.class, "base image config");
    }
}
