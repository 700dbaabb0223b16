package dev.zeroimage.build;

import java.nio.file.Path;

/**
 * A file or directory from disk to add to the image. Directories are added recursively in sorted
 * order; {@code mode} (null: keep 0755 for executables, 0644 otherwise) applies to the files.
 */
public record ExtraFile(Path source, String target, Integer mode) {
}
