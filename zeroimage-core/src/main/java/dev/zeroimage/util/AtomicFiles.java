package dev.zeroimage.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old content or the complete new one, never a partial
 * file: write a locked temporary file beside the target, force it to disk, then rename it over the
 * target. Leftovers of a killed write ({@code .<name>.<random>.tmp}) are removed by the next write
 * of the same target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        removeStaleTempFiles(target);
        try (TempFile temp = TempFile.create(directory, tempPrefix(target), ".tmp")) {
            try (OutputStream out = temp.output()) {
                writer.writeTo(out);
            }
            temp.moveTo(target);
        }
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /** Removes what a killed write of {@code target} left beside it (not what a running build writes). */
    public static int removeStaleTempFiles(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        return TempFile.removeStale(absolute.getParent(), globEscape(tempPrefix(absolute)) + "*.tmp");
    }

    /** Removes every leftover of a killed write in {@code directory} (any target). */
    public static int removeStaleTempFilesIn(Path directory) throws IOException {
        return TempFile.removeStale(directory, ".*.tmp");
    }

    private static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    private static String globEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("*?[]{}\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    /** Temporary files are created 0600; an output file should be readable like any build output (0644). */
    public static void makeWorldReadable(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Renames {@code temp} to {@code target} atomically, replacing what is there. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
