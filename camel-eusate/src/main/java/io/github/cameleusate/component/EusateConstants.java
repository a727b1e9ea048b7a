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

    @Metadata(label = "consumer", description = "The message's id (messages consumer).", javaType = "String")
    public static final String MESSAGE_ID = "CamelEusateMessageId";

    @Metadata(label = "consumer", description = "Who wrote the message (customer, sate or agent); for a conversation, who"
                                                + " wrote its latest message.",
              javaType = "String")
    public static final String SENDER = "CamelEusateSender";

    @Metadata(label = "consumer", description = "When the message, or the conversation, was created.",
              javaType = "java.time.OffsetDateTime")
    public static final String DATE_CREATED = "CamelEusateDateCreated";

    @Metadata(label = "consumer", description = "What happened: CREATED (a new message or conversation), UPDATED (a"
                                                + " conversation field changed) or REMOVED (the conversation is no longer"
                                                + " listed; the body is its last delivered version).",
              javaType = "io.github.cameleusate.sync.ChangeType", enums = "CREATED,UPDATED,REMOVED")
    public static final String CHANGE_TYPE = "CamelEusateChangeType";

    private EusateConstants() {
    }
}
