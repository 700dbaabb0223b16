package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
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
        if (sourceDateEpoch != null && !sourceDateEpoch.isBlank()) {
            if (!sourceDateEpoch.trim().chars().allMatch(Character::isDigit)) {
                throw new ZeroImageException("Invalid SOURCE_DATE_EPOCH '" + sourceDateEpoch
                        + "': expected whole seconds since 1970-01-01");
            }
            return CreationTime.parse(sourceDateEpoch, "SOURCE_DATE_EPOCH");
        }
        return Instant.EPOCH;
    }
}
