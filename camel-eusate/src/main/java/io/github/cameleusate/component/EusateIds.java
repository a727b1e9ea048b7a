package io.github.cameleusate.component;

import io.github.cameleusate.model.Conversation;
import org.apache.camel.Message;

/**
 * Where a producer takes its ids from, first match wins: the header, then a {@link Conversation} (or
 * {@code ConversationMessages}) in the body, then the endpoint option.
 */
final class EusateIds {

    private EusateIds() {
    }

    static String sessionId(Message in, EusateConfiguration configuration) {
        String header = in.getHeader(EusateConstants.SESSION_ID, String.class);
        if (header != null) {
            return header;
        }
        if (in.getBody() instanceof Conversation conversation && conversation.getSessionId() != null) {
            return conversation.getSessionId();
        }
        if (configuration.getSessionId() != null) {
            return configuration.getSessionId();
        }
        throw new IllegalArgumentException("No session id: set the header " + EusateConstants.SESSION_ID
                                           + ", send a Conversation in the body, or set the endpoint option sessionId");
    }

    static String conversationId(Message in, EusateConfiguration configuration) {
        String header = in.getHeader(EusateConstants.CONVERSATION_ID, String.class);
        if (header != null) {
            return header;
        }
        if (in.getBody() instanceof Conversation conversation && conversation.getId() != null) {
            return conversation.getId();
        }
        if (configuration.getConversationId() != null) {
            return configuration.getConversationId();
        }
        throw new IllegalArgumentException("No conversation id: set the header " + EusateConstants.CONVERSATION_ID
                                           + ", send a Conversation in the body, or set the endpoint option conversationId");
    }
}
