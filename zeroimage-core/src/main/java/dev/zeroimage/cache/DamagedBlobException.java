package dev.zeroimage.cache;

import dev.zeroimage.ZeroImageException;

import java.nio.file.Path;

/**
 * A cached blob does not hold what its name says (a flipped byte, a file a power loss left empty).
 * The damaged file has been removed, so building again rebuilds or re-fetches it.
 */
public final class DamagedBlobException extends ZeroImageException {
    private final transient Path file;

    public DamagedBlobException(String message, Path file) {
        super(message);
        this.file = file;
    }

    /** The cache file that was found damaged (and removed). */
    public Path file() {
        return file;
    }
}
