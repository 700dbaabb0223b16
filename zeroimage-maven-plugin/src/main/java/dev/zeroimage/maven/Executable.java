package dev.zeroimage.maven;

import java.io.File;

/**
 * One entry of {@code <executables>}: either a path as the element's text
 * ({@code <executable>target/amd64/app</executable>}, Maven calls {@link #set(File)}), or
 * {@code <executable><file>…</file><platform>linux/arm/v7</platform></executable>}. Without a platform
 * the ELF header's is taken.
 */
public class Executable {
    private File file;
    private String platform;

    public Executable() {
    }

    /** The element's text: Maven's default setter, used for {@code <executable>PATH</executable>} and each item of -Dzeroimage.executables=a,b. */
    public void set(File file) {
        this.file = file;
    }

    public File getFile() {
        return file;
    }

    public void setFile(File file) {
        this.file = file;
    }

    public String getPlatform() {
        return platform;
    }

    public void setPlatform(String platform) {
        this.platform = platform;
    }

    @Override
    public String toString() {
        return file + (platform == null ? "" : " (" + platform + ")");
    }
}
