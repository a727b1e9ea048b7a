package io.github.cameleusate.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

/** {@code eusate:conversations}: the body becomes the session's {@code List<Conversation>}. */
class ConversationsProducer extends DefaultProducer {

    ConversationsProducer(EusateEndpoint endpoint) {
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
        in.setBody(getEndpoint().getClient().listConversations(sessionId, configuration.getClosed())
                .conversations());
        in.setHeader(EusateConstants.SESSION_ID, sessionId);
    }
}
