package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;

import java.nio.file.Path;

/**
 * A file or directory from disk to add to the image. Directories are added recursively in sorted
 * order; {@code mode} (null: keep 0755 for executables, 0644 otherwise) applies to the files.
 */
public record ExtraFile(Path source, String target, Integer mode) {

    /** Octal permission bits ({@code 0644}, {@code 755}); null or blank is null. {@code where} names the setting. */
    public static Integer parseMode(String value, String where) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int mode = Integer.parseInt(value.trim(), 8);
            if (mode < 0 || mode > 07777) {
                throw new NumberFormatException();
            }
            return mode;
        } catch (NumberFormatException e) {
            throw new ZeroImageException(where + " has an invalid <mode> '" + value
                    + "': expected octal permission bits such as 0644 or 755");
        }
    }
}
