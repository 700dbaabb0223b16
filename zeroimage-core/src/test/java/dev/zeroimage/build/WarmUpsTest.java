package dev.zeroimage.build;

import dev.zeroimage.sbom.SbomWarmUp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/**
 * A warm-up swallows its failures (it is only a head start), so a broken one would go unnoticed and
 * silently cost the build its time again: run each here, where a failure shows.
 */
class WarmUpsTest {
    @Test
    void theBuildWarmUpRunsThrough() {
        assertDoesNotThrow(BuildWarmUp::warmUp);
    }

    @Test
    void theSbomWarmUpRunsThrough() {
        assertDoesNotThrow(SbomWarmUp::warmUp);
    }
}
