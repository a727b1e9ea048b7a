package io.github.cameleusate.sync;

/** What happened to a conversation between two polls (and what a new message is: {@link #CREATED}). */
public enum ChangeType {
    /** Seen for the first time. */
    CREATED,
    /** Listed again with a field that differs from the last delivered version. */
    UPDATED,
    /** No longer listed in its session; the body is the last delivered version. */
    REMOVED
}
