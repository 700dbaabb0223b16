package dev.zeroimage.util;

import dev.zeroimage.ZeroImageException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads a creation time the way maven-archiver reads {@code project.build.outputTimestamp}. */
public final class CreationTime {
    private CreationTime() {
    }

    /**
     * Parses ISO-8601 with an offset ({@code 2024-01-01T00:00:00Z}), epoch seconds ({@code 1704067200})
     * or {@code now}; {@code setting} names the parameter in the error message.
     */
    public static Instant parse(String value, String setting) {
        String text = value.trim();
        if (text.equalsIgnoreCase("now")) {
            return Instant.ofEpochSecond(Instant.now().getEpochSecond());
        }
        try {
            if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
                return Instant.ofEpochSecond(Long.parseLong(text));
            }
            return Instant.ofEpochSecond(OffsetDateTime.parse(text).toInstant().getEpochSecond());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new ZeroImageException("Invalid " + setting + " '" + value
                    + "': expected an ISO-8601 time with offset (2024-01-01T00:00:00Z), epoch seconds, or 'now'");
        }
    }

    /** {@code SOURCE_DATE_EPOCH} (whole seconds, as reproducible-builds.org defines it); null when unset. */
    public static Instant fromSourceDateEpoch(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.trim().chars().allMatch(Character::isDigit)) {
            throw new ZeroImageException("Invalid SOURCE_DATE_EPOCH '" + value
                    + "': expected whole seconds since 1970-01-01");
        }
        return parse(value, "SOURCE_DATE_EPOCH");
    }
}
