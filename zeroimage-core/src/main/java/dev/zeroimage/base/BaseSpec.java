package dev.zeroimage.base;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImageReference;

import java.nio.file.Path;
import java.util.List;

/** What to build on, as decided from the settings; {@link BaseImageResolver} turns it into a base image. */
public sealed interface BaseSpec {
    String SCRATCH_NAME = "scratch";

    /** The empty base. */
    record Scratch() implements BaseSpec {
    }

    /** The built-in base; {@code caCertificates} are added to its CA bundle, or replace it. */
    record Static(List<Path> caCertificates, boolean replaceCaCertificates) implements BaseSpec {
        public Static {
            caCertificates = caCertificates == null ? List.of() : List.copyOf(caCertificates);
        }
    }

    /** An image pulled from a registry (or its cached copy). */
    record Registry(ImageReference reference) implements BaseSpec {
    }

    /** An OCI image layout (tar or directory) or a docker-save tar on disk. */
    record Archive(Path path) implements BaseSpec {
    }

    BaseSpec SCRATCH = new Scratch();

    /**
     * Reads the {@code from} / {@code fromArchive} settings: {@code from} is scratch (or empty), static,
     * or an image reference; {@code fromArchive} a file or directory. Both together are an error.
     */
    static BaseSpec of(String from, Path fromArchive, List<Path> caCertificates, boolean replaceCaCertificates) {
        boolean hasFrom = from != null && !from.isBlank() && !from.trim().equals(SCRATCH_NAME);
        if (hasFrom && fromArchive != null) {
            throw new ZeroImageException("Both from (" + from + ") and fromArchive (" + fromArchive
                    + ") are set: a build has one base, remove one of them");
        }
        if (fromArchive != null) {
            return new Archive(fromArchive);
        }
        if (!hasFrom) {
            return SCRATCH;
        }
        if (from.trim().equals(StaticBase.NAME)) {
            return new Static(caCertificates, replaceCaCertificates);
        }
        try {
            return new Registry(ImageReference.parse(from));
        } catch (ZeroImageException e) {
            throw new InvalidSettingException("from", e.getMessage()
                    + ". Use scratch, static, or an image reference such as alpine:3.20");
        }
    }

    /**
     * The image whose layers a push may mount instead of uploading: a base pulled from a registry.
     * After the build the same reference is in the manifest's {@code base.name} annotation
     * ({@link dev.zeroimage.image.BaseAnnotations#mountSource}).
     */
    default ImageReference mountSource() {
        return this instanceof Registry registry ? registry.reference() : null;
    }
}
