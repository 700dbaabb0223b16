package dev.zeroimage.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedParallelTest {

    @Test
    void resultsComeInTaskOrder() throws IOException {
        List<BoundedParallel.Task<Integer>> tasks = List.of(
                () -> sleepThen(50, 1), () -> 2, () -> sleepThen(20, 3));
        assertEquals(List.of(1, 2, 3), BoundedParallel.run(tasks, 3, "test"));
    }

    @Test
    void failureIsTheTaskOwnExceptionAndWaitsForSiblingsCleanUp() throws Exception {
        CountDownLatch siblingStarted = new CountDownLatch(1);
        AtomicBoolean siblingCleanedUp = new AtomicBoolean();
        List<BoundedParallel.Task<Object>> tasks = List.of(
                () -> {
                    try {
                        siblingStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("layer missing");
                },
                () -> {
                    siblingStarted.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // A partial blob deleting itself takes a moment after the interrupt.
                        sleepThen(200, null);
                        siblingCleanedUp.set(true);
                    }
                    return null;
                });
        IOException thrown = assertThrows(IOException.class, () -> BoundedParallel.run(tasks, 2, "test"));
        assertEquals("layer missing", thrown.getMessage());
        assertTrue(siblingCleanedUp.get(), "the cancelled sibling finished its clean-up before the call returned");
    }

    private static <T> T sleepThen(long millis, T value) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            } catch (InterruptedException e) {
                // keep sleeping: this models clean-up that must run to the end
            }
        }
        return value;
    }
}
