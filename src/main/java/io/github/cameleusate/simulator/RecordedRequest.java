package io.github.cameleusate.simulator;

/**
 * A request the simulator served. {@code sessionId} and {@code conversationId} are the decoded path segments (null
 * where the path has none); {@code query} is the raw query string or null; {@code fault} the fault injected into the
 * answer, or null; {@code status} 0 when the connection was closed without one.
 */
public record RecordedRequest(String method, String rawPath, String query, String sessionId, String conversationId,
                              String authorization, int status, Fault fault) {

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
