package io.github.cameleusate.component;

import org.apache.camel.spi.Metadata;

/** Header names of the eusate component. */
public final class EusateConstants {

    @Metadata(label = "common", description = "The customer session. On a producer it selects the session, before the body and the"
                            + " endpoint's sessionId; on every result it names the session.",
              javaType = "String")
    public static final String SESSION_ID = "CamelEusateSessionId";

    @Metadata(label = "common", description = "The conversation. On the messages producer it selects the conversation, before the body"
                            + " and the endpoint's conversationId; on every result it names the conversation.",
              javaType = "String")
    public static final String CONVERSATION_ID = "CamelEusateConversationId";

    private EusateConstants() {
    }
}
