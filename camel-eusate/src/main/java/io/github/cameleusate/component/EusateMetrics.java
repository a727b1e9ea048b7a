package io.github.cameleusate.component;

import java.time.OffsetDateTime;

import io.github.cameleusate.client.RequestObserver;
import io.github.cameleusate.sync.ChangeType;

/**
 * What the component counts: the client's requests, retries and rate-limit waits, and the consumers' polls and
 * deliveries. Every method does nothing unless an implementation records it ({@link MicrometerMetrics}).
 */
interface EusateMetrics extends RequestObserver {

    /** Records nothing: no meter registry was given. */
    EusateMetrics NONE = new EusateMetrics() {
    };

    /** How far a consumer's poll in progress (or its last poll) has got. */
    default void pollProgress(String route, PollProgress progress) {
    }

    /** One poll of a consumer ended. */
    default void polled(String route, String operation, boolean failed, long nanos) {
    }

    /** How many sessions and conversations of a consumer are backed off now, because they kept failing. */
    default void backedOff(String route, int items) {
    }

    /** A messages consumer delivered a message created at {@code created}. */
    default void messageDelivered(String route, String sessionId, OffsetDateTime created) {
    }

    /** A conversations consumer delivered a change; {@code latest} is the conversation's latest message, if known. */
    default void conversationChangeDelivered(String route, String sessionId, ChangeType change, OffsetDateTime latest) {
    }
}
