package dev.zeroimage.registry;

/**
 * How an upload's body is going: when it last made progress (a stalled upload is told apart from a slow
 * one by this) and whether all of it was handed to the connection.
 */
final class Activity {
    private volatile long last = System.nanoTime();
    private volatile boolean bodySent;

    void touch() {
        last = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - last;
    }

    void bodySent() {
        bodySent = true;
    }

    /** True once the last byte of the body was read for sending. */
    boolean isBodySent() {
        return bodySent;
    }
}
