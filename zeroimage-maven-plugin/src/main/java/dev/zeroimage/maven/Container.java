package dev.zeroimage.maven;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Jib's {@code <container>}: the image config under Jib's names ({@link JibStyleConfiguration} maps
 * them onto {@code args}, {@code environment}, … ). Jib's JVM settings ({@code mainClass},
 * {@code jvmFlags}, …) are taken only so that they can be refused with the reason, instead of Maven's
 * "Cannot find 'mainClass' in class Container".
 */
public class Container {
    private List<String> args;
    private Map<String, String> environment;
    private Map<String, String> labels;
    private List<String> ports;
    private String user;
    private String workingDirectory;
    private List<String> volumes;
    private String creationTime;
    private String format;
    private final Set<String> unsupported = new TreeSet<>();

    public List<String> getArgs() {
        return args;
    }

    public void setArgs(List<String> args) {
        this.args = args;
    }

    public Map<String, String> getEnvironment() {
        return environment;
    }

    public void setEnvironment(Map<String, String> environment) {
        this.environment = environment;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public List<String> getPorts() {
        return ports;
    }

    public void setPorts(List<String> ports) {
        this.ports = ports;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getWorkingDirectory() {
        return workingDirectory;
    }

    public void setWorkingDirectory(String workingDirectory) {
        this.workingDirectory = workingDirectory;
    }

    public List<String> getVolumes() {
        return volumes;
    }

    public void setVolumes(List<String> volumes) {
        this.volumes = volumes;
    }

    public String getCreationTime() {
        return creationTime;
    }

    public void setCreationTime(String creationTime) {
        this.creationTime = creationTime;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    // Jib's JVM and file-time settings: recorded, then refused by JibStyleConfiguration with the reason.

    public void setMainClass(String ignored) {
        unsupported.add("mainClass");
    }

    public void setJvmFlags(List<String> ignored) {
        unsupported.add("jvmFlags");
    }

    public void setAppRoot(String ignored) {
        unsupported.add("appRoot");
    }

    public void setExtraClasspath(List<String> ignored) {
        unsupported.add("extraClasspath");
    }

    public void setExpandClasspathDependencies(String ignored) {
        unsupported.add("expandClasspathDependencies");
    }

    public void setEntrypoint(List<String> ignored) {
        unsupported.add("entrypoint");
    }

    public void setFilesModificationTime(String ignored) {
        unsupported.add("filesModificationTime");
    }

    public void setUseCurrentTimestamp(String ignored) {
        unsupported.add("useCurrentTimestamp");
    }

    /** Jib parameters written inside {@code <container>} that have no meaning here. */
    Set<String> unsupported() {
        return unsupported;
    }
}
