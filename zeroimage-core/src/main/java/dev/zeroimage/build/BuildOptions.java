package dev.zeroimage.build;

import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.Compression;

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
