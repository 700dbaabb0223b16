package dev.zeroimage.util;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hashes a few megabytes of zeros on a background thread when a build starts (issue 16), so that the
 * JIT has compiled SHA-256 (to the CPU's SHA instructions) by the time the executable, the layer or a
 * pulled base is hashed. In a fresh JVM the first 4 MB hash at interpreter speed, some 30 MB/s against
 * about 1 GB/s compiled: a tenth of a second that the build would otherwise spend on its critical path
 * while the second core idles. Once per JVM; nothing is kept.
 */
public final class DigestWarmUp {
    /** Enough calls and loop iterations for the JIT's last tier (measured: compiled after 8-16 MB). */
    private static final int ROUNDS = 96;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private DigestWarmUp() {
    }

    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(DigestWarmUp::warmUp, "zeroimage-digest-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[128 * 1024];
            for (int i = 0; i < ROUNDS; i++) {
                sha256.update(buffer);
            }
            sha256.digest();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // Only a head start.
        }
    }
}
