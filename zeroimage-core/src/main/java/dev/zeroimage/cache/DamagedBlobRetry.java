package dev.zeroimage.cache;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs a build (and its archive write) once more when it met a damaged cache file. The damaged file
 * has been removed by then, so the second attempt rebuilds the layer or fetches the base blob again;
 * a second damaged file fails the build (a disk that keeps corrupting needs a human).
 */
public final class DamagedBlobRetry {
    private DamagedBlobRetry() {
    }

    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws IOException;
    }

    public static <T> T run(Attempt<T> attempt, Consumer<String> warn) throws IOException {
        try {
            return attempt.run();
        } catch (DamagedBlobException e) {
            warn.accept(e.getMessage() + " Building again.");
            return attempt.run();
        }
    }
}
