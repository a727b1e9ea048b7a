package io.github.cameleusate.model;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The hand-written paths read and write exactly what java.time does, for the API's shape and for everything near it. */
class IsoTimestampsTest {

    private final Random random = new Random(20261207);

    @Test
    void readsWhatJavaTimeReadsAndRejectsWhatItRejects() {
        List<String> texts = new java.util.ArrayList<>(List.of("2024-01-15T10:30:00Z", "2024-01-15T10:31:00.5Z",
                "2024-01-15T12:32:00+02:00", "2024-01-15T12:32:00.123456789-05:30", "2024-01-15t12:32:00z",
                "2024-01-15T12:32:00", "2024-01-15T12:32", "2024-01-15T12:32:00+0200", "2024-01-15T12:32:00+02",
                "2024-01-15T12:32:00+02:00:30", "2024-01-15 12:32:00Z", "2024-02-30T10:00:00Z", "2024-01-15T24:00:00Z",
                "2024-01-15T23:59:60Z", "2024-01-15T10:00:00.Z", "2024-01-15T10:00:00.1234567891Z",
                "2024-01-15T10:00:00+18:00", "2024-01-15T10:00:00+18:01", "2024-01-15T10:00:00-00:00",
                "+12024-01-15T10:00:00Z", "0000-01-01T00:00:00Z", "2024-1-15T10:00:00Z", "", "2024-01-15T10:00:00Zx"));
        for (int i = 0; i < 20_000; i++) {
            texts.add(mutated(candidate()));
        }
        for (String text : texts) {
            OffsetDateTime expected;
            try {
                expected = javaTime(text);
            } catch (DateTimeParseException rejected) {
                assertThrows(DateTimeParseException.class, () -> IsoTimestamps.parse(text), text);
                continue;
            }
            assertEquals(expected, IsoTimestamps.parse(text), text);
        }
    }

    @Test
    void writesWhatJavaTimeWrites() {
        for (int i = 0; i < 20_000; i++) {
            int nanos = random.nextInt(1_000_000_000);
            nanos -= nanos % new int[] { 1, 10, 1000, 1_000_000, 1_000_000_000 }[random.nextInt(5)];
            int offsetSeconds = (random.nextInt(18 * 60 * 2 + 1) - 18 * 60) * 60 + (random.nextInt(10) == 0 ? 30 : 0);
            long epochSecond = random.nextLong(-62_200_000_000L, 253_500_000_000L); // years -1 to 10003
            OffsetDateTime value = OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond, nanos),
                    ZoneOffset.ofTotalSeconds(Math.max(-64_800, Math.min(64_800, offsetSeconds))));

            String text = IsoTimestamps.format(value);

            assertEquals(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value), text);
            assertEquals(value, IsoTimestamps.parse(text), text);
        }
    }

    /** What the API writes, at random, in one of the shapes it or a variant of it might. */
    private String candidate() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%04d-%02d-%02dT%02d:%02d", random.nextInt(10_000), random.nextInt(14),
                random.nextInt(33), random.nextInt(25), random.nextInt(61)));
        if (random.nextInt(10) > 0) {
            text.append(String.format(":%02d", random.nextInt(61)));
        }
        if (random.nextBoolean()) {
            int digits = random.nextInt(11);
            text.append('.');
            for (int i = 0; i < digits; i++) {
                text.append(random.nextInt(10));
            }
        }
        switch (random.nextInt(6)) {
            case 0 -> text.append('Z');
            case 1 -> text.append('z');
            case 2 -> { } // no offset: UTC
            case 3 -> text.append(String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(20),
                    random.nextInt(61)));
            case 4 -> text.append(String.format("%s%02d%02d", random.nextBoolean() ? "+" : "-", random.nextInt(19),
                    random.nextInt(60)));
            default -> text.append(String.format("+%02d:%02d:%02d", random.nextInt(19), random.nextInt(60),
                    random.nextInt(60)));
        }
        return text.toString();
    }

    /** One character in twenty changed: a digit, a separator, a letter. */
    private String mutated(String text) {
        if (random.nextInt(20) > 0 || text.isEmpty()) {
            return text;
        }
        char[] chars = text.toCharArray();
        chars[random.nextInt(chars.length)] = "0159-:.TtZz+ x".charAt(random.nextInt(14));
        return new String(chars);
    }

    /** What the parser did before its hand-written path: java.time, and UTC for a text without an offset. */
    private static OffsetDateTime javaTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException withoutOffset) {
                throw withOffset;
            }
        }
    }
}
