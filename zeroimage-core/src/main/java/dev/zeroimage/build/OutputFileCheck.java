package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.util.FileKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses an {@code outputFile} that writing the image would destroy or that could not hold it: one of
 * the build's inputs (the executable, {@code fromArchive}, an {@code extraFiles} source or a file inside
 * one), or an existing file that is not a regular file (a device such as /dev/null, a FIFO). Paths are
 * compared as the file system resolves them (symbolic links, relative paths, {@code ..}).
 */
public final class OutputFileCheck {
    private OutputFileCheck() {
    }

    /** {@code fromArchive} may be null; {@code extraFiles} entries without a source are skipped. */
    public static void requireSafe(Path outputFile, Path executable, Path fromArchive, List<ExtraFile> extraFiles)
            throws IOException {
        Path output = resolved(outputFile);
        if (Files.exists(outputFile) && !Files.isRegularFile(outputFile)) {
            String kind = FileKind.describe(output);
            throw new ZeroImageException("outputFile " + outputFile + " is " + kind + ", not a regular file:"
                    + " the image tar cannot be written there. Set outputFile to a file path such as target/image.tar");
        }
        if (executable != null && same(output, executable)) {
            throw refused(outputFile, "is the executable " + executable + ": writing the image there would destroy"
                    + " it. Set outputFile to another file, e.g. " + executable.getFileName() + "-image.tar"
                    + " (did you forget the .tar?)");
        }
        if (fromArchive != null && same(output, fromArchive)) {
            throw refused(outputFile, "is the base image archive fromArchive " + fromArchive
                    + ": writing the image there would destroy the base. Set outputFile to another file");
        }
        for (ExtraFile extra : extraFiles) {
            if (extra.source() == null || !Files.exists(extra.source())) {
                continue;
            }
            Path source = extra.source().toRealPath();
            if (output.equals(source)) {
                throw refused(outputFile, "is the extraFiles source " + extra.source()
                        + ": writing the image there would destroy it. Set outputFile to another file");
            }
            if (Files.isDirectory(source) && output.startsWith(source)) {
                throw refused(outputFile, "is inside the extraFiles source directory " + extra.source()
                        + ": the image would be written into a directory it is read from. Set outputFile to a"
                        + " file outside it");
            }
        }
    }

    private static ZeroImageException refused(Path outputFile, String why) {
        return new ZeroImageException("outputFile " + outputFile + " " + why);
    }

    private static boolean same(Path output, Path input) throws IOException {
        return Files.exists(input) && output.equals(input.toRealPath());
    }

    /**
     * The real path the output would be written to: its own real path when it exists, else its
     * deepest existing parent's real path with the rest appended.
     */
    static Path resolved(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute)) {
            return absolute.toRealPath();
        }
        Path existing = absolute.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing == null ? absolute : existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    }
}
