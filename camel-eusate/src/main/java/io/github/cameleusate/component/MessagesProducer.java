package io.github.cameleusate.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/** {@code eusate:messages}: the body becomes the conversation's {@code ConversationMessages}, messages oldest first. */
class MessagesProducer extends DefaultProducer {

    MessagesProducer(EusateEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public EusateEndpoint getEndpoint() {
        return (EusateEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        EusateConfiguration configuration = getEndpoint().getConfiguration();
        String sessionId = EusateIds.sessionId(in, configuration);
        String conversationId = EusateIds.conversationId(in, configuration);
        in.setBody(getEndpoint().getClient().listMessages(sessionId, conversationId));
        in.setHeader(EusateConstants.SESSION_ID, sessionId);
        in.setHeader(EusateConstants.CONVERSATION_ID, conversationId);
    }
}
