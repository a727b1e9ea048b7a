package io.github.cameleusate.model;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;

/**
 * ISO-8601 timestamps as the API writes them (fractional seconds, any offset). The model carries its own
 * (de)serializers so that any ObjectMapper, including the one a route's {@code marshal: json} uses, reads and writes
 * the same text without needing the JSR-310 module to be registered.
 */
public final class IsoTimestamps {

    private IsoTimestamps() {
    }

    /**
     * Parses an ISO-8601 timestamp; one without an offset is taken as UTC. The shape the API writes (a four-digit
     * year, seconds, up to nine fraction digits, {@code Z} or {@code ±HH:MM} or no offset) is read by hand, as
     * java.time would read it but without its general parser's cost, which a sync pays several times per message;
     * anything else goes to java.time, which accepts or rejects it.
     */
    public static OffsetDateTime parse(String text) {
        OffsetDateTime common = parseCommon(text);
        if (common != null) {
            return common;
        }
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

    /** Writes a timestamp as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does. */
    public static String format(OffsetDateTime value) {
        int year = value.getYear();
        int offsetSeconds = value.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offsetSeconds % 60 != 0) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value);
        }
        StringBuilder text = new StringBuilder(35);
        digits(text, year, 4).append('-');
        digits(text, value.getMonthValue(), 2).append('-');
        digits(text, value.getDayOfMonth(), 2).append('T');
        digits(text, value.getHour(), 2).append(':');
        digits(text, value.getMinute(), 2).append(':');
        digits(text, value.getSecond(), 2);
        int nanos = value.getNano();
        if (nanos > 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            digits(text.append('.'), nanos, width);
        }
        if (offsetSeconds == 0) {
            return text.append('Z').toString();
        }
        int minutes = Math.abs(offsetSeconds) / 60;
        text.append(offsetSeconds < 0 ? '-' : '+');
        digits(text, minutes / 60, 2).append(':');
        return digits(text, minutes % 60, 2).toString();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±HH:MM]}, or null for any other text or an out-of-range field. */
    private static OffsetDateTime parseCommon(String text) {
        int length = text.length();
        if (length < 19 || text.charAt(4) != '-' || text.charAt(7) != '-' || (text.charAt(10) | 0x20) != 't'
            || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int at = 19;
        int nanos = 0;
        if (at < length && text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 10 && isDigit(text.charAt(at))) {
                at++;
            }
            int width = at - start;
            if (width == 0 || width > 9) {
                return null;
            }
            nanos = number(text, start, width);
            for (int i = width; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == length || at + 1 == length && (text.charAt(at) | 0x20) == 'z') {
            offsetSeconds = 0;
        } else if (at + 6 == length && (text.charAt(at) == '+' || text.charAt(at) == '-') && text.charAt(at + 3) == ':') {
            int hours = number(text, at + 1, 2);
            int minutes = number(text, at + 4, 2);
            if ((hours | minutes) < 0 || minutes > 59) {
                return null;
            }
            offsetSeconds = (text.charAt(at) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos,
                    offsetSeconds == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException outOfRange) {
            return null; // java.time's parser says why
        }
    }

    /** The decimal number of {@code width} digits at {@code start}, or -1 when one of them is not a digit. */
    private static int number(String text, int start, int width) {
        int value = 0;
        for (int i = start; i < start + width; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        for (int divisor = pow10(width - 1); divisor > 0; divisor /= 10) {
            text.append((char) ('0' + value / divisor % 10));
        }
        return text;
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    public static final class Deserializer extends JsonDeserializer<OffsetDateTime> {
        @Override
        public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return parse(text);
            } catch (DateTimeParseException e) {
                return (OffsetDateTime) context.handleWeirdStringValue(OffsetDateTime.class, text,
                        "field '%s' is not an ISO-8601 timestamp", parser.currentName());
            }
        }
    }

    public static final class Serializer extends JsonSerializer<OffsetDateTime> {
        @Override
        public void serialize(OffsetDateTime value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(format(value));
        }
    }
}
