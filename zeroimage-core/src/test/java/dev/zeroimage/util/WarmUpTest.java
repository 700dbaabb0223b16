package dev.zeroimage.util;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A warm-up runs beside the caller on a daemon thread (a JVM never waits for it) and swallows its failures. */
class WarmUpTest {
    @Test
    void runsOnANamedDaemonThreadAndAFailureStaysThere() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        WarmUp.start("zeroimage-test-warm-up", () -> {
            ranOn.complete(Thread.currentThread());
            throw new IllegalStateException("a failing warm-up must not reach anyone");
        });
        Thread thread = ranOn.get(10, TimeUnit.SECONDS);
        assertEquals("zeroimage-test-warm-up", thread.getName());
        assertTrue(thread.isDaemon());
        thread.join(10_000);
        assertTrue(!thread.isAlive(), "ended after its failure");

        CompletableFuture<Boolean> linkage = new CompletableFuture<>();
        WarmUp.start("zeroimage-test-warm-up-2", () -> {
            linkage.complete(true);
            throw new NoClassDefFoundError("a missing optional class");
        });
        assertTrue(linkage.get(10, TimeUnit.SECONDS));
    }
}
