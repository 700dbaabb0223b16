package dev.zeroimage.layer;

import com.github.luben.zstd.ZstdOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** zstd through zstd-jni, multi-threaded; zstd's multi-threaded output does not depend on the thread count. */
final class ZstdCompressor {
    private ZstdCompressor() {
    }

    static OutputStream compress(OutputStream out, int level) {
        try {
            ZstdOutputStream zstd = new ZstdOutputStream(out, level);
            zstd.setChecksum(true);
            zstd.setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
            return zstd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
