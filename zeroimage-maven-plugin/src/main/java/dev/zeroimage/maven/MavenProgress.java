package dev.zeroimage.maven;

import dev.zeroimage.util.Progress;
import dev.zeroimage.util.Sizes;
import org.apache.maven.plugin.logging.Log;

import java.util.function.LongSupplier;

/**
 * Shows progress of long tasks in Maven's log: nothing for tasks shorter than two seconds, then one
 * line every few seconds (every 10 s in batch mode) with bytes done and rate, so CI logs stay short.
 */
final class MavenProgress implements Progress {
    private static final long QUIET_NANOS = 2_000_000_000L;
    private final Log log;
    private final long intervalNanos;
    private final LongSupplier clock;

    MavenProgress(Log log, boolean interactive) {
        this(log, interactive, System::nanoTime);
    }

    MavenProgress(Log log, boolean interactive, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = (interactive ? 3L : 10L) * 1_000_000_000L;
        this.clock = clock;
    }

    @Override
    public Tracker start(String task, long totalBytes) {
        long started = clock.getAsLong();
        return new Tracker() {
            private long done;
            private long lastReport = started + QUIET_NANOS - intervalNanos;

            @Override
            public void advance(long bytes) {
                done += bytes;
                long now = clock.getAsLong();
                if (now - lastReport >= intervalNanos) {
                    lastReport = now;
                    log.info(line(task, done, totalBytes, now - started));
                }
            }

            @Override
            public void finish() {
                long elapsed = clock.getAsLong() - started;
                if (elapsed >= QUIET_NANOS) {
                    log.info(line(task, done, totalBytes, elapsed) + " done");
                }
            }
        };
    }

    /** {@code Compressing layer: 12.3 MB of 36.5 MB, 40 MB/s}, one unit style ({@link Sizes#progress}). */
    private static String line(String task, long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        return task + ": " + Sizes.progress(done, total, done / seconds);
    }
}
