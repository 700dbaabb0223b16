package dev.zeroimage.util;

/**
 * Runs a warm-up (loading and initializing classes a build will need soon) on a low-priority daemon
 * thread, so that it overlaps with other work instead of waiting on the build's critical path
 * (issue 16). A warm-up is only a head start: whatever fails in it is left to the real work to meet
 * and report, and a JVM never waits for it to end.
 */
public final class WarmUp {
    private WarmUp() {
    }

    /** Work that may throw anything; the warm-up ignores it. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public static void start(String threadName, Work work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (Exception | LinkageError e) {
                // Only a head start.
            }
        }, threadName);
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }
}
