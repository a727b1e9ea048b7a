package io.github.cameleusate.component;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.cameleusate.client.ConversationListing;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.sync.ChangeType;
import io.github.cameleusate.sync.ConversationChange;
import io.github.cameleusate.sync.ConversationChanges;
import io.github.cameleusate.sync.SessionEntries;
import io.github.cameleusate.sync.SessionIndex;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from("eusate:conversations")}: one exchange per conversation that appeared ({@code CREATED}), changed in any
 * field ({@code UPDATED}) or left its session's list ({@code REMOVED}: missing from {@code removalConfirmations}
 * complete listings in a row). Needs only the list request of each session;
 * each session's changes are a lane of the poll's pipeline, delivered in order.
 */
class ConversationsConsumer extends EusatePollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationsConsumer.class);

    private final int removalConfirmations;

    ConversationsConsumer(EusateEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.removalConfirmations = endpoint.getConfiguration().getRemovalConfirmations();
    }

    @Override
    protected String stateNamespace() {
        return "conversations";
    }

    @Override
    protected void startNow(SessionEntries session, ConversationListing listing) {
        SessionIndex index = session.index();
        for (Conversation conversation : listing.conversations()) {
            session.putConversation(conversation.getId(), ConversationChanges.snapshot(conversation));
            index.add(conversation.getId());
        }
        session.putIndex();
    }

    @Override
    protected void plan(SessionEntries session, ConversationListing listing, PollPipeline.Plan plan) {
        String sessionId = session.sessionId();
        SessionIndex index = session.index();
        // the session's known conversations, and those listed: a snapshot may be committed before the index is
        Map<String, String> delivered = session.conversations(Stream.concat(index.ids().stream(),
                listing.conversations().stream().map(Conversation::getId)).distinct().toList());
        if (!listing.isComplete()) {
            LOG.info("The conversation list of session {} is incomplete ({}): no conversation counts as missing from it",
                    sessionId, listing.incompleteBecause());
        }
        ConversationChanges.Detected detected = ConversationChanges.detect(sessionId, listing.conversations(),
                listing.isComplete(), delivered, index, removalConfirmations);
        if (detected.indexChanged()) {
            session.putIndex();
        }
        plan.changed(detected.changes().size());
        if (!detected.changes().isEmpty()) {
            plan.lane(new SessionChanges(sessionId, index, detected.changes()));
        }
    }

    /** A session's conversation changes, delivered in order; each one's snapshot is committed after its exchange. */
    private final class SessionChanges implements PollPipeline.Lane {

        private final String sessionId;
        private final SessionIndex index;
        private final Iterator<ConversationChange> changes;
        private ConversationChange current;
        private boolean indexChanged;

        SessionChanges(String sessionId, SessionIndex index, List<ConversationChange> changes) {
            this.sessionId = sessionId;
            this.index = index;
            this.changes = changes.iterator();
        }

        @Override
        public String item() {
            return "session " + sessionId;
        }

        @Override
        public boolean hasNext() {
            return changes.hasNext();
        }

        @Override
        public Exchange next() {
            current = changes.next();
            Conversation conversation = current.conversation();
            Exchange exchange = createExchange(false);
            org.apache.camel.Message in = exchange.getMessage();
            in.setBody(conversation);
            in.setHeader(EusateConstants.SESSION_ID, sessionId);
            in.setHeader(EusateConstants.CONVERSATION_ID, conversation.getId());
            in.setHeader(EusateConstants.SENDER,
                    conversation.getLatestMessage() == null ? null : conversation.getLatestMessage().getSender());
            in.setHeader(EusateConstants.DATE_CREATED, conversation.getDateCreated());
            in.setHeader(EusateConstants.CHANGE_TYPE, current.type());
            return exchange;
        }

        @Override
        public void delivered(Exchange exchange) {
            String id = current.conversation().getId();
            // a removed conversation's snapshot goes: it is reported removed once, and its index entry with it
            state().put(state().conversationKey(sessionId, id), current.snapshot());
            indexChanged |= current.type() == ChangeType.REMOVED ? index.remove(id) : index.add(id);
            Message latest = current.conversation().getLatestMessage();
            metrics().conversationChangeDelivered(routeTag(), sessionId, current.type(),
                    latest == null ? null : latest.getDateCreated());
        }

        @Override
        public void close(boolean complete) {
            // a change not delivered is detected again next poll
            if (indexChanged) {
                state().putIndex(sessionId, index);
            }
        }
    }
}
