package dev.zeroimage.registry;

/** When a transfer last made progress: a stalled upload is told apart from a slow one by this. */
final class Activity {
    private volatile long last = System.nanoTime();

    void touch() {
        last = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - last;
    }
}
