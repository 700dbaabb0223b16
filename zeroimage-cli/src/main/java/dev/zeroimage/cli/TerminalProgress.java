package dev.zeroimage.cli;

import dev.zeroimage.util.Progress;

import java.io.PrintStream;
import dev.zeroimage.util.Sizes;

import java.util.function.LongSupplier;

/**
 * Progress of long tasks on a terminal's stderr: nothing for the first second, then one line that is
 * rewritten in place (carriage return) at most five times a second, ended when the task finishes.
 */
final class TerminalProgress implements Progress {
    private static final long QUIET_NANOS = 1_000_000_000L;
    private static final long INTERVAL_NANOS = 200_000_000L;
    private final PrintStream err;
    private final LongSupplier clock;

    TerminalProgress(PrintStream err) {
        this(err, System::nanoTime);
    }

    TerminalProgress(PrintStream err, LongSupplier clock) {
        this.err = err;
        this.clock = clock;
    }

    /** Progress for this run: on stderr when it is a terminal and not --quiet, else none. */
    static Progress forContext(CliContext context, boolean quiet) {
        return context.stderrIsTerminal() && !quiet ? new TerminalProgress(context.err()) : Progress.NONE;
    }

    @Override
    public Tracker start(String task, long totalBytes) {
        long started = clock.getAsLong();
        return new Tracker() {
            private long done;
            private long lastShown = started + QUIET_NANOS - INTERVAL_NANOS;
            private boolean shown;

            @Override
            public synchronized void advance(long bytes) {
                done += bytes;
                long now = clock.getAsLong();
                if (now - lastShown >= INTERVAL_NANOS) {
                    lastShown = now;
                    shown = true;
                    err.print("\r" + line(task, done, totalBytes, now - started) + "\u001b[K");
                    err.flush();
                }
            }

            @Override
            public synchronized void finish() {
                if (shown) {
                    err.println("\r" + line(task, done, totalBytes, clock.getAsLong() - started) + " done\u001b[K");
                    err.flush();
                }
            }
        };
    }

    static String line(String task, long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 0.001);
        return task + ": " + Sizes.progress(done, total, done / seconds);
    }
}
