package dev.zeroimage.index;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImageReference;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One source of an index: an image layout on disk (tar or directory) or an image in a registry.
 * {@code text} is what the user wrote, for messages; exactly one of {@code archive} and
 * {@code reference} is set.
 */
public record IndexSource(String text, Path archive, ImageReference reference) {

    /**
     * A path that exists, ends in {@code .tar}/{@code .tar.gz}/{@code .tgz} or starts with {@code /} or
     * {@code .} is a file (relative ones against {@code baseDirectory}); a text naming a registry
     * ({@code ghcr.io/acme/app:1.0}, {@code localhost:5000/app@sha256:…}) is a reference.
     */
    public static IndexSource parse(String text, Path baseDirectory) {
        if (text == null || text.isBlank()) {
            throw new ZeroImageException("An empty entry in images: give an image tar, an OCI layout directory or a"
                    + " registry reference (host/repository:tag)");
        }
        String trimmed = text.trim();
        Path path = baseDirectory.resolve(trimmed).normalize();
        boolean looksLikeFile = trimmed.startsWith("/") || trimmed.startsWith(".") || trimmed.endsWith(".tar")
                || trimmed.endsWith(".tar.gz") || trimmed.endsWith(".tgz");
        if (Files.exists(path) || looksLikeFile) {
            if (!Files.exists(path)) {
                throw new ZeroImageException("The image " + trimmed + " (in images) does not exist (" + path
                        + "): build it first, or give a registry reference (host/repository:tag)");
            }
            return new IndexSource(trimmed, path, null);
        }
        if (!ImageReference.namesRegistry(trimmed)) {
            throw new ZeroImageException("The image " + trimmed + " (in images) is neither a file (" + path
                    + " does not exist) nor a registry reference naming its registry (host/repository:tag, such as"
                    + " ghcr.io/acme/app:1.0-arm64)");
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(trimmed);
        } catch (ZeroImageException e) {
            throw new ZeroImageException("The image " + trimmed + " (in images) is not a valid reference: "
                    + e.getMessage(), e);
        }
        return new IndexSource(trimmed, null, reference);
    }

    public boolean isRegistry() {
        return reference != null;
    }

    @Override
    public String toString() {
        return text;
    }
}
