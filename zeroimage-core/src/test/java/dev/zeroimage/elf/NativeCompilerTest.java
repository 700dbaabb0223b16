package dev.zeroimage.elf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing compiler skips the test on a developer machine and fails it in CI. */
class NativeCompilerTest {
    private static final String MISSING = "zeroimage-no-such-cc";

    @TempDir
    Path dir;

    private String ci;

    @BeforeEach
    void saveCi() {
        ci = System.getProperty("zeroimage.ci");
    }

    @AfterEach
    void restoreCi() {
        if (ci == null) {
            System.clearProperty("zeroimage.ci");
        } else {
            System.setProperty("zeroimage.ci", ci);
        }
    }

    @Test
    void missingCompilerSkipsOutsideCi() {
        System.setProperty("zeroimage.ci", "");

        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> NativeCompiler.compile(MISSING, dir, "hello.c", "hello"));
        assertTrue(e.getMessage().contains(MISSING + " is not installed"), e.getMessage());
    }

    @Test
    void missingCompilerFailsInCi() {
        System.setProperty("zeroimage.ci", "true");

        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> NativeCompiler.compile(MISSING, dir, "hello.c", "hello"));
        assertTrue(e.getMessage().contains("CI must install it"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y " + MISSING), e.getMessage());
    }
}
