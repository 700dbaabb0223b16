package dev.zeroimage.build;

import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.libraries.Libraries;
import dev.zeroimage.libraries.LibraryMode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that decides the image's bytes, as plain values. The Maven plugin fills it from its
 * configuration; another front end can fill it from anything else.
 */
public final class BuildOptions {
    private Path executable;
    private String executablePath;
    private Platform platform;
    private boolean allowDynamic;
    private LibraryMode libraries;
    private final List<String> extraLibraries = new ArrayList<>();
    private Path sysroot;
    private List<String> args;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String workingDirectory;
    private String user;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> ports = new ArrayList<>();
    private final List<String> volumes = new ArrayList<>();
    private final List<ExtraFile> extraFiles = new ArrayList<>();
    private Instant creationTime = Instant.EPOCH;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private Compression compression = Compression.DEFAULT;
    private ImageFormat format = ImageFormat.OCI;

    public BuildOptions executable(Path value) { this.executable = value; return this; }
    public BuildOptions executablePath(String value) { this.executablePath = value; return this; }
    public BuildOptions platform(Platform value) { this.platform = value; return this; }
    public BuildOptions allowDynamic(boolean value) { this.allowDynamic = value; return this; }
    /** check, bundle or ignore; unset: ignore when allowDynamic, else check. */
    public BuildOptions libraries(LibraryMode value) { this.libraries = value; return this; }
    public BuildOptions extraLibraries(List<String> value) { extraLibraries.addAll(value); return this; }
    public BuildOptions sysroot(Path value) { this.sysroot = value; return this; }
    public BuildOptions args(List<String> value) { this.args = value == null ? null : List.copyOf(value); return this; }
    public BuildOptions environment(Map<String, String> value) { environment.putAll(value); return this; }
    public BuildOptions workingDirectory(String value) { this.workingDirectory = value; return this; }
    public BuildOptions user(String value) { this.user = value; return this; }
    public BuildOptions labels(Map<String, String> value) { labels.putAll(value); return this; }
    public BuildOptions ports(List<String> value) { ports.addAll(value); return this; }
    public BuildOptions volumes(List<String> value) { volumes.addAll(value); return this; }
    public BuildOptions extraFiles(List<ExtraFile> value) { extraFiles.addAll(value); return this; }
    public BuildOptions creationTime(Instant value) { this.creationTime = value; return this; }
    public BuildOptions annotations(Map<String, String> value) { annotations.putAll(value); return this; }
    public BuildOptions compression(Compression value) { this.compression = value; return this; }
    public BuildOptions format(ImageFormat value) { this.format = value; return this; }

    public Path executable() { return executable; }
    public String executablePath() { return executablePath; }
    public Platform platform() { return platform; }
    public boolean allowDynamic() { return allowDynamic; }
    /** The library mode in effect: allowDynamic is an alias for ignore. */
    public LibraryMode libraries() { return libraries != null ? libraries : allowDynamic ? LibraryMode.IGNORE : LibraryMode.CHECK; }
    public List<String> extraLibraries() { return extraLibraries; }
    public Path sysroot() { return sysroot; }
    public Libraries.Settings librarySettings() { return new Libraries.Settings(libraries(), extraLibraries, sysroot); }
    public List<String> args() { return args; }
    public Map<String, String> environment() { return environment; }
    public String workingDirectory() { return workingDirectory; }
    public String user() { return user; }
    public Map<String, String> labels() { return labels; }
    public List<String> ports() { return ports; }
    public List<String> volumes() { return volumes; }
    public List<ExtraFile> extraFiles() { return extraFiles; }
    public Instant creationTime() { return creationTime; }
    public Map<String, String> annotations() { return annotations; }
    public Compression compression() { return compression; }
    public ImageFormat format() { return format; }
}
