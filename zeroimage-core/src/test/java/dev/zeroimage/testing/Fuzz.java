package dev.zeroimage.testing;

import dev.zeroimage.ZeroImageException;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small, seeded mutation fuzzer: byte-level mutations of an input, and a runner that gives each
 * case a deadline and lets nothing but the product's own {@link ZeroImageException} escape.
 */
public final class Fuzz {
    /** Far above what one case takes; a case over it is a hang. */
    public static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);

    private Fuzz() {
    }

    /** One case: returns normally (accepted) or throws a ZeroImageException (rejected). */
    @FunctionalInterface
    public interface Case {
        void run() throws Exception;
    }

    /** What a run of cases gave. */
    public record Outcome(int accepted, int rejected) {
    }

    /** A copy of {@code input} with 1 to 4 random mutations: flips, special bytes, cuts, copies, deletions. */
    public static byte[] mutate(byte[] input, Random random) {
        byte[] bytes = input.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            if (bytes.length == 0) {
                return new byte[] {(byte) random.nextInt(256)};
            }
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(7)) {
                case 0, 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, '"', '{', '[', '0', '9', '/', '.', ' '}
                        [random.nextInt(12)];
                case 3 -> bytes = Arrays.copyOf(bytes, at);
                case 4 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
                    int to = random.nextInt(bytes.length);
                    System.arraycopy(bytes, at, bytes, to, Math.min(length, bytes.length - to));
                }
                case 5 -> {
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
                    byte[] shorter = new byte[bytes.length - length];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + length, shorter, at, bytes.length - at - length);
                    bytes = shorter;
                }
                default -> {
                    // A large number in the middle of a text field: sizes, counts, lengths.
                    byte[] digits = "99999999999".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    System.arraycopy(digits, 0, bytes, at, Math.min(digits.length, bytes.length - at));
                }
            }
        }
        return bytes;
    }

    /**
     * Runs {@code iterations} cases made by {@code cases} (given the case number), each within
     * {@link #CASE_TIMEOUT}; fails on any escape other than a ZeroImageException with a message.
     */
    public static Outcome run(String name, int iterations, java.util.function.IntFunction<Case> cases) {
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fuzz-" + name);
            thread.setDaemon(true);
            return thread;
        });
        int accepted = 0;
        int rejected = 0;
        try {
            for (int i = 0; i < iterations; i++) {
                Case fuzzCase = cases.apply(i);
                Future<?> future = executor.submit(() -> {
                    fuzzCase.run();
                    return null;
                });
                try {
                    future.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    accepted++;
                } catch (TimeoutException e) {
                    future.cancel(true);
                    fail(name + " case " + i + " did not finish within " + CASE_TIMEOUT);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (!(cause instanceof ZeroImageException) || cause.getMessage() == null
                            || cause.getMessage().isBlank()) {
                        fail(name + " case " + i + " threw " + cause, cause);
                    }
                    rejected++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    fail("interrupted");
                }
            }
        } finally {
            executor.shutdownNow();
        }
        return new Outcome(accepted, rejected);
    }
}
