package dev.zeroimage.maven;

import java.io.File;

/** One {@code <extraFile>} of the plugin configuration: {@code source}, {@code target}, optional octal {@code mode}. */
public class ExtraFile {
    /** A file or directory on disk; directories are added recursively. */
    private File source;
    /** Absolute path in the image. */
    private String target;
    /** Octal permission bits for the files, e.g. {@code 0644}. */
    private String mode;

    public File getSource() {
        return source;
    }

    public void setSource(File source) {
        this.source = source;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }
}
