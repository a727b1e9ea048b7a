package io.github.cameleusate.simulator;

/** Which requests a fault applies to. */
public enum FaultTarget {
    /** Conversation lists. */
    LIST,
    /** Messages of a conversation. */
    MESSAGES,
    /** Both. */
    ANY;

    boolean matches(boolean isMessagesRequest) {
        return this == ANY || (this == MESSAGES) == isMessagesRequest;
    }
}
