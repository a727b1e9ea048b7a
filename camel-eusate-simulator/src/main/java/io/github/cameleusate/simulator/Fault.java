package io.github.cameleusate.simulator;

/** What can go wrong with one request, as the simulator injects it. */
public enum Fault {
    /** 429 Too Many Requests with a Retry-After header (in seconds or as an HTTP date). */
    RATE_LIMITED,
    /** 500, 502, 503 or 504. */
    SERVER_ERROR,
    /** The connection is closed without an answer. */
    CONNECTION_RESET,
    /** No answer until after the client's read timeout (see {@link EusateSimulator#setHang}). */
    HANG,
    /** 200 with the right body cut short. */
    TRUNCATED_JSON,
    /** 200 with a body that is not JSON at all. */
    MALFORMED_JSON,
    /** 200 with an HTML page, as a misconfigured proxy sends. */
    HTML_BODY,
    /** 401 although the key is right (a key rotated, then restored). */
    UNAUTHORIZED,
    /** A messages request whose conversation is removed just before it is answered (so: 404). */
    REMOVED_BEFORE_MESSAGES,
    /** 200 with the conversation's messages but its latest one, as a replica lagging behind the list would answer. */
    STALE_MESSAGES,
    /** The status and headers at once, then the body one byte at a time (see {@link EusateSimulator#setTrickle}). */
    TRICKLE,
    /**
     * A page after the first of a paginated list, answered as though the session's first conversation had gone just
     * before it was read: its items shift by one, so one conversation is on no page, and its count is one less.
     */
    SHIFTED_PAGE;

    /** Whether this fault only applies to a conversation's messages. */
    public boolean isMessagesOnly() {
        return this == REMOVED_BEFORE_MESSAGES || this == STALE_MESSAGES;
    }
}
