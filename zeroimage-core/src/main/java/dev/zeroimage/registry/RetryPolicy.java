package dev.zeroimage.registry;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * How often and how long a request is retried: at most {@code maxAttempts} attempts, exponential backoff
 * from {@code initialBackoff} up to {@code maxBackoff}, and no new attempt that could not finish within
 * {@code maxTotal} of the first. A registry's {@code Retry-After} is honoured up to {@code maxRetryAfter}.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal,
                   Duration maxRetryAfter) {
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    static RetryPolicy of(RegistryOptions options) {
        return new RetryPolicy(options.maxAttempts(), options.initialBackoff(), Duration.ofSeconds(10),
                options.httpTimeout().multipliedBy(Math.max(options.maxAttempts(), 1)), MAX_RETRY_AFTER);
    }

    /** The wait before attempt {@code attempt + 1}. */
    Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 16);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    /**
     * Whether another attempt may follow {@code attemptsMade}, after {@code elapsed} since the first and a
     * {@code wait}, when an attempt may take up to {@code attemptTime}.
     */
    boolean allowsAnother(int attemptsMade, Duration elapsed, Duration wait, Duration attemptTime) {
        return attemptsMade < maxAttempts && elapsed.plus(wait).plus(attemptTime).compareTo(maxTotal) <= 0;
    }

    /** Another attempt after a {@code Retry-After} wait: bounded by the count only (the wait is bounded itself). */
    boolean allowsAnotherAfterRetryAfter(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** A {@code Retry-After} value (seconds or an HTTP date) as a wait, or null when absent or unreadable. */
    static Duration retryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        try {
            Duration until = Duration.between(now, ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME));
            return until.isNegative() ? Duration.ZERO : until;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
