package io.github.cameleusate.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));
    private final Instant now = Instant.parse("2026-11-27T10:00:00Z");

    @ParameterizedTest
    @ValueSource(ints = { 429, 500, 502, 503, 504 })
    void transientStatusesAreRetried(int status) {
        assertTrue(RetryPolicy.isRetried(status));
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 400, 401, 403, 404, 409, 501 })
    void otherStatusesAreNot(int status) {
        assertFalse(RetryPolicy.isRetried(status));
    }

    @Test
    void theDelayDoublesWithJitterInItsUpperHalfUpToTheCap() {
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            long first = policy.delay(1, null, now, random).toMillis();
            long third = policy.delay(3, null, now, random).toMillis();
            long tenth = policy.delay(10, null, now, random).toMillis();
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(tenth >= 1000 && tenth <= 2000, "tenth " + tenth);
        }
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateIsHonouredUpToTheCap() {
        String inOneSecond = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(1).atOffset(ZoneOffset.UTC));
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(60).atOffset(ZoneOffset.UTC));

        assertEquals(Duration.ofSeconds(1), policy.delay(1, "1", now, new Random()));
        assertEquals(Duration.ofSeconds(1), policy.delay(1, inOneSecond, now, new Random()));
        assertEquals(Duration.ofSeconds(2), policy.delay(1, "120", now, new Random()), "capped");
        assertEquals(Duration.ofSeconds(2), policy.delay(1, inAMinute, now, new Random()), "capped");
        assertEquals(Optional.of(Duration.ZERO), RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:00 GMT", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", now));
    }
}
