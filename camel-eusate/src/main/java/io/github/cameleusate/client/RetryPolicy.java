package io.github.cameleusate.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When a failed GET is tried again: after a connection error or timeout, and after 429, 500, 502, 503 and 504; never
 * after another status. The delay doubles from {@code initialDelay} up to {@code maxDelay}, with jitter (a random
 * point in its upper half); a {@code Retry-After} header, in seconds or as an HTTP date, is honoured up to
 * {@code maxDelay}.
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay) {

    private static final Set<Integer> RETRIED_STATUSES = Set.of(429, 500, 502, 503, 504);

    public static boolean isRetried(int status) {
        return RETRIED_STATUSES.contains(status);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first).
     *
     * @param retryAfter the response's Retry-After header, or null
     */
    public Duration delay(int retry, String retryAfter, Instant now, RandomGenerator random) {
        Optional<Duration> asked = parseRetryAfter(retryAfter, now);
        if (asked.isPresent()) {
            return min(asked.get(), maxDelay);
        }
        long base = initialDelay.toMillis() << Math.min(retry - 1, 30);
        long capped = Math.min(Math.max(base, 0), maxDelay.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + (capped - half == 0 ? 0 : random.nextLong(capped - half + 1)));
    }

    /** A Retry-After value as a wait from {@code now}: delta-seconds, or an HTTP date. Empty when absent or unreadable. */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return Optional.of(Duration.ofSeconds(Math.max(seconds, 0)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
