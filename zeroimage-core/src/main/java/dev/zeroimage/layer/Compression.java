package dev.zeroimage.layer;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.MediaType;

import java.io.OutputStream;

/** How layer tars are compressed. Every setting gives the same bytes for the same input. */
public record Compression(Algorithm algorithm, int level) {

    public enum Algorithm { GZIP, ZSTD }

    /**
     * gzip level 4: on native executables it is within about 3% of level 6's size at about half the
     * CPU time (zlib's levels 4–9 share one strategy; 6 mostly searches longer). See bench/.
     */
    public static final int DEFAULT_GZIP_LEVEL = 4;
    public static final int DEFAULT_ZSTD_LEVEL = 3;
    public static final Compression DEFAULT = new Compression(Algorithm.GZIP, DEFAULT_GZIP_LEVEL);

    public Compression {
        int max = algorithm == Algorithm.GZIP ? 9 : 22;
        if (level < 1 || level > max) {
            throw new ZeroImageException("Invalid compression level " + level + " for "
                    + algorithm.name().toLowerCase() + ": expected 1 to " + max);
        }
    }

    /** Parses {@code gzip} or {@code zstd}; {@code level} null means the algorithm's usual default. */
    public static Compression of(String name, Integer level) {
        String normalized = name == null ? "gzip" : name.trim().toLowerCase();
        return switch (normalized) {
            case "gzip" -> new Compression(Algorithm.GZIP, level == null ? DEFAULT_GZIP_LEVEL : level);
            case "zstd" -> new Compression(Algorithm.ZSTD, level == null ? DEFAULT_ZSTD_LEVEL : level);
            default -> throw new ZeroImageException("Unknown compression '" + name + "': use gzip or zstd");
        };
    }

    public String layerMediaType() {
        return algorithm == Algorithm.GZIP ? MediaType.OCI_LAYER_GZIP : MediaType.OCI_LAYER_ZSTD;
    }

    public OutputStream compress(OutputStream out) {
        return switch (algorithm) {
            case GZIP -> new ParallelGzipOutputStream(out, level);
            case ZSTD -> ZstdCompressor.compress(out, level);
        };
    }

    @Override
    public String toString() {
        return algorithm.name().toLowerCase() + "-" + level;
    }
}
