package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;

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

    ConfigMerger(BuildOptions options, BaseImage base) {
        this.options = options;
        this.base = base;
    }

    ImageConfig merge(Platform platform, String executablePath, List<Layer> layers, List<String> historyCommands) {
        ImageConfig config = base.config() == null ? new ImageConfig() : copyOf(base.config());
        String created = options.creationTime().toString();
        config.created = created;
        config.os = platform.os();
        config.architecture = platform.architecture();
        config.variant = platform.variant();

        ImageConfig.ContainerConfig runtime = config.config == null ? new ImageConfig.ContainerConfig() : config.config;
        config.config = runtime;
        runtime.env = mergeEnv(runtime.env);
        runtime.entrypoint = List.of(executablePath);
        runtime.cmd = options.args() == null || options.args().isEmpty() ? null : options.args();
        if (options.workingDirectory() != null && !options.workingDirectory().isBlank()) {
            runtime.workingDir = options.workingDirectory();
        }
        if (options.user() != null && !options.user().isBlank()) {
            runtime.user = options.user();
        }
        runtime.labels = mergeMap(runtime.labels, options.labels());
        runtime.exposedPorts = mergeKeys(runtime.exposedPorts, options.ports().stream().map(PortSpec::parse).toList());
        runtime.volumes = mergeKeys(runtime.volumes, options.volumes().stream().map(ConfigMerger::volumePath).toList());

        config.rootfs = new ImageConfig.RootFs();
        config.rootfs.diffIds = new ArrayList<>(layers.stream().map(Layer::diffId).toList());
        List<ImageConfig.History> history = new ArrayList<>(config.history == null ? List.of() : config.history);
        for (String command : historyCommands) {
            history.add(new ImageConfig.History(created, command, null, null));
        }
        history.add(new ImageConfig.History(created, "zeroimage: ENTRYPOINT [\"" + executablePath + "\"]", null, true));
        config.history = history;
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
        for (Map.Entry<String, String> entry : options.environment().entrySet()) {
            if (entry.getKey() == null || entry.getKey().isBlank() || entry.getKey().contains("=")) {
                throw new ZeroImageException("Invalid environment variable name '" + entry.getKey()
                        + "' in environment: a name must be non-empty and must not contain '='");
            }
            env.put(entry.getKey(), entry.getValue() == null ? "" : entry.getValue());
        }
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

    private static String volumePath(String volume) {
        if (volume == null || !volume.trim().startsWith("/")) {
            throw new ZeroImageException("Invalid volume '" + volume + "' in volumes: expected an absolute path"
                    + " in the image, like /data");
        }
        return volume.trim();
    }

    /** A deep copy, so the base config is never changed under its reader. */
    private static ImageConfig copyOf(ImageConfig config) {
        return Json.read(Json.toBytes(config), ImageConfig.class, "base image config");
    }
}
