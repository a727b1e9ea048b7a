package io.github.cameleusate.client;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;

/**
 * The Eusate Helpdesk API, as the component, its consumers and the benchmarks see it. Every HTTP and JSON concern is
 * behind this interface. Both calls throw {@link EusateApiException} for an error answer and
 * {@link IllegalArgumentException} for an id that cannot be sent, before any request.
 */
public interface EusateClient extends AutoCloseable {

    /**
     * Lists a customer session's conversations, following pagination, each id once. Each conversation's
     * {@link Conversation#getSessionId()} is set to {@code sessionId}.
     *
     * @param closed true or false to filter on the conversation's state; null for all
     */
    ConversationListing listConversations(String sessionId, Boolean closed);

    /** A conversation's fields and all its messages, oldest first. */
    ConversationMessages listMessages(String sessionId, String conversationId);

    @Override
    void close();
}
