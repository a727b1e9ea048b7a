package io.github.cameleusate.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import io.github.cameleusate.client.EusateJson;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.sync.ChangeType;
import io.github.cameleusate.sync.ConversationChange;
import io.github.cameleusate.sync.ConversationChanges;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code from("eusate:conversations")}: one exchange per conversation that appeared ({@code CREATED}), changed in any
 * field ({@code UPDATED}) or left its session's list ({@code REMOVED}). Needs only the list request of each session.
 */
class ConversationsConsumer extends EusatePollingConsumer {

    ConversationsConsumer(EusateEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    protected String stateNamespace() {
        return "conversations";
    }

    @Override
    protected void startNow(String sessionId, List<Conversation> listed) {
        Set<String> index = state().index(sessionId);
        for (Conversation conversation : listed) {
            state().put(state().conversationKey(sessionId, conversation.getId()), EusateJson.write(conversation));
            index.add(conversation.getId());
        }
        state().putIndex(sessionId, index);
    }

    @Override
    protected int pollSession(String sessionId, List<Conversation> listed, PollProgress poll) {
        Set<String> index = state().index(sessionId);
        List<ConversationChange> changes = ConversationChanges.detect(listed, index,
                id -> state().get(state().conversationKey(sessionId, id)), EusateJson::write,
                json -> fromSnapshot(sessionId, json));
        poll.changed(changes.size());
        int delivered = 0;
        boolean indexChanged = false;
        for (ConversationChange change : changes) {
            if (poll.isExhausted() || !isBatchAllowed()) {
                break;
            }
            poll.use();
            if (!deliver(exchange(sessionId, change))) {
                continue; // uncommitted: the same change is detected again next poll
            }
            String id = change.conversation().getId();
            state().put(state().conversationKey(sessionId, id), change.snapshot());
            indexChanged |= change.type() == ChangeType.REMOVED ? index.remove(id) : index.add(id);
            delivered++;
            Message latest = change.conversation().getLatestMessage();
            metrics().conversationChangeDelivered(routeTag(), sessionId, change.type(),
                    latest == null ? null : latest.getDateCreated());
        }
        if (indexChanged) {
            state().putIndex(sessionId, index);
        }
        return delivered;
    }

    private Exchange exchange(String sessionId, ConversationChange change) {
        Conversation conversation = change.conversation();
        Exchange exchange = createExchange(false);
        org.apache.camel.Message in = exchange.getMessage();
        in.setBody(conversation);
        in.setHeader(EusateConstants.SESSION_ID, sessionId);
        in.setHeader(EusateConstants.CONVERSATION_ID, conversation.getId());
        in.setHeader(EusateConstants.SENDER,
                conversation.getLatestMessage() == null ? null : conversation.getLatestMessage().getSender());
        in.setHeader(EusateConstants.DATE_CREATED, conversation.getDateCreated());
        in.setHeader(EusateConstants.CHANGE_TYPE, change.type());
        return exchange;
    }

    private static Conversation fromSnapshot(String sessionId, String json) {
        try {
            Conversation conversation = EusateJson.mapper().readValue(json, Conversation.class);
            conversation.setSessionId(sessionId);
            return conversation;
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable conversation snapshot in the eusate state: " + json, e);
        }
    }
}
