package dev.zeroimage.build;

import dev.zeroimage.image.Platform;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One executable of a build and the platform configured for it. A build with several targets makes a
 * multi-platform image, one platform per target.
 *
 * @param platform the configured platform, or null to take the one of the executable's ELF header
 */
public record BuildTarget(Path executable, Platform platform) {
    public BuildTarget {
        Objects.requireNonNull(executable, "executable");
    }

    public static BuildTarget of(Path executable) {
        return new BuildTarget(executable, null);
    }
}
