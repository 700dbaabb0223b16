package dev.zeroimage.util;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a few I/O tasks (blob transfers) at once, at most {@code parallelism} at a time, and returns their
 * results in task order. A failure is reported as the first failing task in that order would have been
 * reported by a sequential loop (same exception, not a wrapper), after the other tasks were cancelled;
 * the threads never outlive the call.
 */
public final class BoundedParallel {
    /** Blob transfers at once: enough to hide per-request latency and use both cores' hashing, few enough for any registry. */
    public static final int TRANSFERS = 3;

    /** How long a failed call waits for its cancelled siblings; longer than any read timeout would be a hang. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(30);

    @FunctionalInterface
    public interface Task<T> {
        T run() throws IOException;
    }

    private BoundedParallel() {
    }

    public static <T> List<T> run(List<? extends Task<T>> tasks, int parallelism, String threadName) throws IOException {
        if (tasks.size() <= 1 || parallelism <= 1) {
            List<T> results = new ArrayList<>(tasks.size());
            for (Task<T> task : tasks) {
                results.add(task.run());
            }
            return results;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(tasks.size());
            for (Task<T> task : tasks) {
                futures.add(pool.submit(task::run));
            }
            List<T> results = new ArrayList<>(tasks.size());
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw rethrow(e.getCause());
                } catch (InterruptedException e) {
                    futures.forEach(other -> other.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for " + threadName);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            awaitCancelled(pool);
        }
    }

    /**
     * Waits for the cancelled tasks to finish their own clean-up (a partial blob deletes itself), so a
     * caller that reports the failure finds no temp file left behind. Interrupted file I/O stops at
     * once and network reads have their own timeouts, so the bound is only a last resort.
     */
    private static void awaitCancelled(ExecutorService pool) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        while (!pool.isTerminated()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                pool.awaitTermination(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}
