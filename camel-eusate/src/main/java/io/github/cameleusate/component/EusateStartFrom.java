package io.github.cameleusate.component;

/** Where a consumer starts in a session it has no state for. */
public enum EusateStartFrom {
    /** Everything already in the session is delivered. */
    beginning,
    /** Only what appears after the consumer's first poll is delivered. */
    now
}
