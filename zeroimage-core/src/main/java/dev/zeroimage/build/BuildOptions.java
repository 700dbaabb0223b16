package dev.zeroimage.build;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.Port;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.libraries.Libraries;
import dev.zeroimage.libraries.LibraryMode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides the image's bytes, as checked values: a bad port, path, environment name or
 * volume fails here, before any work. The Maven plugin fills it from its configuration; another front
 * end can fill it from anything else. Immutable; build one with {@link #builder(Path)} (one executable) or
 * {@link #builder(List)} (several: a multi-platform image, one platform per executable, in this order).
 *
 * @param targets        the executables, each with its configured platform (or null: the ELF header's)
 * @param executablePath where the executable goes in every platform's image (default {@code /} + the
 *                       file name the executables share)
 * @param args           the image's Cmd, or null for none
 * @param user           null to keep the base's (root for scratch)
 */
public record BuildOptions(List<BuildTarget> targets, ImagePath executablePath, boolean allowDynamic,
                           LibraryMode libraries, List<String> extraLibraries, Path sysroot, List<String> args, Map<String, String> environment, String workingDirectory, User user,
                           Map<String, String> labels, List<Port> ports, List<String> volumes,
                           List<ExtraFile> extraFiles, Instant creationTime, Map<String, String> annotations,
                           Compression compression, ImageFormat format, BaseSpec base) {

    public BuildOptions {
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a build needs at least one executable");
        }
        executablePath = executablePath != null ? executablePath : defaultExecutablePath(targets, null);
        // Unset: ignore when allowDynamic (its alias), else check.
        libraries = libraries != null ? libraries : allowDynamic ? LibraryMode.IGNORE : LibraryMode.CHECK;
        extraLibraries = List.copyOf(extraLibraries);
        args = args == null ? null : Collections.unmodifiableList(new ArrayList<>(args));
        environment = checkedEnvironment(environment);
        workingDirectory = workingDirectory == null || workingDirectory.isBlank() ? null : workingDirectory;
        labels = ordered(labels);
        ports = List.copyOf(ports);
        volumes = volumes.stream().map(BuildOptions::volume).toList();
        extraFiles = List.copyOf(extraFiles);
        Objects.requireNonNull(creationTime, "creationTime");
        annotations = ordered(annotations);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(base, "base");
    }

    /** The executable of a single-platform build; the first one of a multi-platform build. */
    public Path executable() {
        return targets.get(0).executable();
    }

    /** The configured platform of a single-platform build (or the first target's); null: the ELF header's. */
    public Platform platform() {
        return targets.get(0).platform();
    }

    /** Every executable, in the configured order. */
    public List<Path> executables() {
        return targets.stream().map(BuildTarget::executable).toList();
    }

    /** True when the build makes a multi-platform image (several executables). */
    public boolean multiPlatform() {
        return targets.size() > 1;
    }

    /**
     * {@code /} + the file name when all executables share one; else {@code /} + {@code fallbackName}
     * (the Maven plugin passes the artifactId), and without one an error naming executablePath.
     */
    static ImagePath defaultExecutablePath(List<BuildTarget> targets, String fallbackName) {
        List<String> names = targets.stream().map(target -> String.valueOf(target.executable().getFileName()))
                .distinct().toList();
        if (names.size() == 1) {
            return ImagePath.of("/" + names.get(0));
        }
        if (fallbackName == null || fallbackName.isBlank()) {
            throw new InvalidSettingException("executablePath", "the executables have different file names ("
                    + String.join(", ", names) + "), so there is no default: set the path of the executable in"
                    + " the image, the same for every platform, like /app");
        }
        return ImagePath.of("/" + fallbackName);
    }

    /** What the library planner needs: mode, extra libraries and sysroot. */
    public Libraries.Settings librarySettings() {
        return new Libraries.Settings(libraries, extraLibraries, sysroot);
    }

    public static Builder builder(Path executable) {
        return new Builder(List.of(BuildTarget.of(executable)));
    }

    /** Several executables make a multi-platform image; one is the same as {@link #builder(Path)}. */
    public static Builder builder(List<BuildTarget> targets) {
        return new Builder(targets);
    }

    /** Map values may be null (an empty value); the order is kept. */
    private static Map<String, String> ordered(Map<String, String> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static Map<String, String> checkedEnvironment(Map<String, String> environment) {
        for (String name : environment.keySet()) {
            if (name == null || name.isBlank() || name.contains("=")) {
                throw new ZeroImageException("Invalid environment variable name '" + name
                        + "' in environment: a name must be non-empty and must not contain '='");
            }
        }
        return ordered(environment);
    }

    /** Volumes go into the config as written (trimmed); only absoluteness is required, as Docker does. */
    private static String volume(String volume) {
        if (volume == null || !volume.trim().startsWith("/")) {
            throw new ZeroImageException("Invalid volume '" + volume + "' in volumes: expected an absolute path"
                    + " in the image, like /data");
        }
        return volume.trim();
    }

    /** Collects the settings; each setter replaces the value. Defaults: scratch, gzip, OCI, 1970. */
    public static final class Builder {
        private final List<BuildTarget> targets;
        private ImagePath executablePath;
        private String defaultExecutableName;
        private Platform platform;
        private boolean allowDynamic;
        private LibraryMode libraries;
        private List<String> extraLibraries = List.of();
        private Path sysroot;
        private List<String> args;
        private Map<String, String> environment = Map.of();
        private String workingDirectory;
        private User user;
        private Map<String, String> labels = Map.of();
        private List<Port> ports = List.of();
        private List<String> volumes = List.of();
        private List<ExtraFile> extraFiles = List.of();
        private Instant creationTime = Instant.EPOCH;
        private Map<String, String> annotations = Map.of();
        private Compression compression = Compression.DEFAULT;
        private ImageFormat format = ImageFormat.OCI;
        private BaseSpec base = BaseSpec.SCRATCH;

        private Builder(List<BuildTarget> targets) {
            this.targets = List.copyOf(targets);
        }

        public Builder executablePath(ImagePath value) { this.executablePath = value; return this; }
        /** The executable's name in the image when the executables' file names differ (unset: an error). */
        public Builder defaultExecutableName(String value) { this.defaultExecutableName = value; return this; }
        /** The platform of the one executable (several executables each carry their own). */
        public Builder platform(Platform value) { this.platform = value; return this; }
        public Builder allowDynamic(boolean value) { this.allowDynamic = value; return this; }
        /** check, bundle or ignore; unset (null): ignore when allowDynamic, else check. */
        public Builder libraries(LibraryMode value) { this.libraries = value; return this; }
        public Builder extraLibraries(List<String> value) { this.extraLibraries = value == null ? List.of() : value; return this; }
        public Builder sysroot(Path value) { this.sysroot = value; return this; }
        public Builder args(List<String> value) { this.args = value; return this; }
        public Builder environment(Map<String, String> value) { this.environment = orEmpty(value); return this; }
        public Builder workingDirectory(String value) { this.workingDirectory = value; return this; }
        public Builder user(User value) { this.user = value; return this; }
        public Builder labels(Map<String, String> value) { this.labels = orEmpty(value); return this; }
        public Builder ports(List<Port> value) { this.ports = value == null ? List.of() : value; return this; }
        public Builder volumes(List<String> value) { this.volumes = value == null ? List.of() : value; return this; }
        public Builder extraFiles(List<ExtraFile> value) { this.extraFiles = value == null ? List.of() : value; return this; }
        public Builder creationTime(Instant value) { this.creationTime = value; return this; }
        public Builder annotations(Map<String, String> value) { this.annotations = orEmpty(value); return this; }
        public Builder compression(Compression value) { this.compression = value; return this; }
        public Builder format(ImageFormat value) { this.format = value; return this; }
        public Builder base(BaseSpec value) { this.base = value; return this; }

        public BuildOptions build() {
            List<BuildTarget> withPlatform = targets;
            if (platform != null) {
                if (targets.size() > 1) {
                    throw new ZeroImageException("platform is set for a build of " + targets.size()
                            + " executables: give each executable its own platform instead");
                }
                withPlatform = List.of(new BuildTarget(targets.get(0).executable(), platform));
            }
            ImagePath path = executablePath != null ? executablePath
                    : defaultExecutablePath(withPlatform, defaultExecutableName);
            return new BuildOptions(withPlatform, path, allowDynamic, libraries, extraLibraries,
                    sysroot, args, environment,
                    workingDirectory, user, labels, ports, volumes, extraFiles, creationTime, annotations,
                    compression, format, base);
        }

        private static Map<String, String> orEmpty(Map<String, String> value) {
            return value == null ? Map.of() : value;
        }
    }
}
