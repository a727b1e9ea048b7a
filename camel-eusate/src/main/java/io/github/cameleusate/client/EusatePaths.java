package io.github.cameleusate.client;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The API's paths, with ids checked and percent-encoded as single path segments. */
public final class EusatePaths {

    private static final String CUSTOMER = "/api/v1/helpdesk/customer/";

    private EusatePaths() {
    }

    public static String conversations(String sessionId) {
        return CUSTOMER + segment("sessionId", sessionId) + "/conversations/";
    }

    public static String messages(String sessionId, String conversationId) {
        return conversations(sessionId) + segment("conversationId", conversationId) + "/messages/";
    }

    /**
     * Checks an id and encodes it so that it stays one path segment whatever it holds.
     *
     * @throws IllegalArgumentException naming the id when it is missing, empty, {@code .}, {@code ..} or holds a
     *                                  control character
     */
    public static String segment(String name, String id) {
        requireValidId(name, id);
        ByteArrayOutputStream out = new ByteArrayOutputStream(id.length() + 16);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.write(c);
            } else {
                out.write('%');
                out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.write(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** The id a percent-encoded path segment stands for; the inverse of {@link #segment}. */
    public static String decodeSegment(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public static void requireValidId(String name, String id) {
        if (id == null) {
            throw new IllegalArgumentException("No " + name + " given: set it as an endpoint option, a header or in the body");
        }
        if (id.isEmpty() || ".".equals(id) || "..".equals(id)) {
            throw new IllegalArgumentException("Invalid " + name + " '" + id + "': an id may not be empty, '.' or '..'");
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw new IllegalArgumentException("Invalid " + name + " " + quoted(id)
                                                   + ": an id may not contain control characters");
            }
        }
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
               || c == '~';
    }

    private static String quoted(String id) {
        StringBuilder sb = new StringBuilder("'");
        id.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }
}
