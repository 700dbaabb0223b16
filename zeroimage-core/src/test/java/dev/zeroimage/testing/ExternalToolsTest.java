package dev.zeroimage.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExternalToolsTest {

    @Test
    void missingToolSkipsLocallyAndFailsInCi() {
        String previous = System.getProperty("zeroimage.ci");
        try {
            System.clearProperty("zeroimage.ci");
            TestAbortedException skipped = assertThrows(TestAbortedException.class,
                    () -> ExternalTools.require("zeroimage-no-such-tool"));
            assertTrue(skipped.getMessage().contains("not installed: zeroimage-no-such-tool"), skipped.getMessage());
            System.setProperty("zeroimage.ci", "true");
            AssertionError failed = assertThrows(AssertionError.class, () -> ExternalTools.require("htpasswd-missing"));
            assertTrue(failed.getMessage().contains("htpasswd-missing"), failed.getMessage());
            ExternalTools.require("sh");
        } finally {
            if (previous == null) {
                System.clearProperty("zeroimage.ci");
            } else {
                System.setProperty("zeroimage.ci", previous);
            }
        }
        assertEquals("apache2-utils", ExternalTools.debianPackage("htpasswd"));
    }

    @Test
    void runCapturesCombinedOutputAndKillsOnTimeout() throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(10),
                List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(3, result.exitCode());
        assertTrue(result.output().contains("out") && result.output().contains("err"), result.output());

        long start = System.nanoTime();
        TimeoutException e = assertThrows(TimeoutException.class,
                () -> ExternalTools.run(Duration.ofMillis(300), List.of("sh", "-c", "echo started; sleep 30")));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
        assertTrue(e.getMessage().contains("started"), e.getMessage());
    }
}
