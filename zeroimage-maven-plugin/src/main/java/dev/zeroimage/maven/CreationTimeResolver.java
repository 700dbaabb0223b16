package dev.zeroimage.maven;

import dev.zeroimage.util.CreationTime;

import java.time.Instant;

/**
 * The image creation time: zeroimage.creationTime, else project.build.outputTimestamp (as
 * maven-archiver reads it), else SOURCE_DATE_EPOCH, else the epoch, so builds are reproducible by default.
 */
final class CreationTimeResolver {
    private CreationTimeResolver() {
    }

    static Instant resolve(String creationTime, String outputTimestamp, String sourceDateEpoch) {
        if (creationTime != null && !creationTime.isBlank()) {
            return CreationTime.parse(creationTime, "creationTime (zeroimage.creationTime)");
        }
        // maven-archiver treats a single character (conventionally "-") as "not set".
        if (outputTimestamp != null && outputTimestamp.trim().length() > 1) {
            return CreationTime.parse(outputTimestamp, "project.build.outputTimestamp");
        }
        Instant fromEnvironment = CreationTime.fromSourceDateEpoch(sourceDateEpoch);
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        return Instant.EPOCH;
    }
}
