package dev.zeroimage.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The console line for a skipped test names the missing tool, as ExternalTools words it. */
class SkippedTestsSummaryTest {
    @Test
    void theMissingToolIsNamedFromEachWording() {
        assertEquals("skopeo missing",
                SkippedTestsSummary.why("Skipped, external tool not installed: skopeo (Debian package: skopeo)"));
        assertEquals("gcc missing", SkippedTestsSummary.why("Skipped: gcc is not installed (Debian packages: gcc)"));
        assertEquals("needs root", SkippedTestsSummary.why("Skipped, this machine does not provide: root"));
        assertEquals("no reason given", SkippedTestsSummary.why(null));
        assertEquals("slow", SkippedTestsSummary.why(" slow "));
    }
}
