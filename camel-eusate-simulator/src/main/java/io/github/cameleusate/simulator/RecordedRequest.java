package io.github.cameleusate.simulator;

/**
 * A request the simulator served. {@code sessionId} and {@code conversationId} are the decoded path segments (null
 * where the path has none); {@code query} is the raw query string or null; {@code fault} the fault injected into the
 * answer, or null; {@code status} 0 when the connection was closed without one. {@code receivedNanos} and
 * {@code answeredNanos} are the simulator's {@link System#nanoTime()} when the request came in and when its answer was
 * ready, after the latency (a {@link Fault#HANG} holds it back after that), so tests can tell which requests were
 * open at the same time.
 */
public record RecordedRequest(String method, String rawPath, String query, String sessionId, String conversationId,
                              String authorization, int status, Fault fault, long receivedNanos, long answeredNanos) {

    /** Whether this request and {@code other} were open at the same time. */
    public boolean overlaps(RecordedRequest other) {
        return receivedNanos < other.answeredNanos && other.receivedNanos < answeredNanos;
    }

    /** Whether this request listed conversations (rather than messages). */
    public boolean isConversationList() {
        return sessionId != null && conversationId == null;
    }

    @Override
    public String toString() {
        // the Authorization header stays out of test reports and logs
        return method + " " + rawPath + (query == null ? "" : "?" + query) + " -> " + status
               + (fault == null ? "" : " (" + fault + ")");
    }
}
