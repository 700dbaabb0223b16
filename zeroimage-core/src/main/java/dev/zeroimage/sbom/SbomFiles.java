package dev.zeroimage.sbom;

import dev.zeroimage.ZeroImageException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files an extra-files entry adds to the image, each with its path in the image and its SHA-256. */
public final class SbomFiles {
    private SbomFiles() {
    }

    /**
     * A file, or every regular file under a directory (sorted, symlinks left out: they carry no
     * content of their own), mapped under {@code target} as the extra-files layer places them.
     */
    public static List<SbomInput.FileItem> of(Path source, String target) {
        String root = target.endsWith("/") && target.length() > 1 ? target.substring(0, target.length() - 1) : target;
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            return Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)
                    ? List.of(new SbomInput.FileItem(root, FileHashes.sha256(source))) : List.of();
        }
        List<SbomInput.FileItem> items = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String relative = source.relativize(file).toString().replace('\\', '/');
                items.add(new SbomInput.FileItem((root.equals("/") ? "" : root) + "/" + relative, FileHashes.sha256(file)));
            }
        } catch (IOException e) {
            throw new ZeroImageException("Cannot list " + source + " for the SBOM: " + e.getMessage(), e);
        }
        return items;
    }
}
