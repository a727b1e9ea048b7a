package io.github.cameleusate.component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameleusate.client.ConversationListing;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.sync.ChangeType;
import io.github.cameleusate.sync.MessageCursor;
import io.github.cameleusate.sync.SessionEntries;
import io.github.cameleusate.sync.SessionIndex;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from("eusate:messages")}: one exchange per new message. A conversation's messages are fetched when the listing
 * shows it changed since its cursor caught up, or when its cursor's recheck for late-visible messages is due; each
 * fetched conversation is a lane of the poll's pipeline, delivering its new messages oldest first and committing its
 * cursor after each one.
 */
class MessagesConsumer extends EusatePollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesConsumer.class);

    private final AtomicLong incompleteFetches = new AtomicLong();
    private final Duration lateArrivalWindow;
    private final int removalConfirmations;

    MessagesConsumer(EusateEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.lateArrivalWindow = Duration.ofMillis(endpoint.getConfiguration().getLateArrivalWindow());
        this.removalConfirmations = endpoint.getConfiguration().getRemovalConfirmations();
    }

    @Override
    protected String stateNamespace() {
        return "messages";
    }

    /** How many fetched conversations lacked the latest message their listing announced (they are fetched again). */
    public long getIncompleteFetches() {
        return incompleteFetches.get();
    }

    @Override
    protected void startNow(SessionEntries session, ConversationListing listing) {
        index(session, listing);
        for (Conversation conversation : listing.conversations()) {
            if (session.conversation(conversation.getId()) == null) {
                session.putConversation(conversation.getId(), MessageCursor.at(conversation).encode());
            }
        }
    }

    @Override
    protected void plan(SessionEntries session, ConversationListing listing, PollPipeline.Plan plan) {
        index(session, listing);
        String sessionId = session.sessionId();
        int changed = 0;
        long now = System.currentTimeMillis();
        for (Conversation conversation : listing.conversations()) {
            String key = session.key(conversation.getId());
            MessageCursor cursor = MessageCursor.decode(key, session.conversation(conversation.getId()));
            if (cursor.isUpToDateWith(conversation, now)) {
                continue;
            }
            String item = "conversation " + conversation.getId() + " of session " + sessionId;
            if (!getBackoff().isBackedOff(item)) {
                changed++;
                plan.fetch(item, () -> client().listMessages(sessionId, conversation.getId()).getMessages(),
                        messages -> new ConversationLane(item, sessionId, conversation, key, cursor, messages));
            }
        }
        plan.changed(changed);
    }

    /**
     * Keeps the session's index of conversations with a cursor: the cursor of a conversation missing from
     * {@code removalConfirmations} complete listings in a row is removed.
     */
    private void index(SessionEntries session, ConversationListing listing) {
        SessionIndex.Reconciled reconciled = session.index().reconcile(
                listing.conversations().stream().map(Conversation::getId).toList(), listing.isComplete(),
                removalConfirmations);
        reconciled.removed().forEach(session::removeConversation);
        if (reconciled.changed()) {
            session.putIndex();
        }
    }

    /** A conversation's messages after its cursor, delivered oldest first; the cursor moves with each delivery. */
    private final class ConversationLane implements PollPipeline.Lane {

        private final String item;
        private final String sessionId;
        private final Conversation listed;
        private final String key;
        private final List<Message> fetched;
        private final List<Message> news;
        /** Whether the fetch holds everything the listing announced: then the last delivery also catches up. */
        private final boolean fetchedAll;
        private MessageCursor cursor;
        private int next;

        ConversationLane(String item, String sessionId, Conversation listed, String key, MessageCursor cursor,
                         List<Message> fetched) {
            this.item = item;
            this.sessionId = sessionId;
            this.listed = listed;
            this.key = key;
            this.cursor = cursor;
            this.fetched = fetched;
            this.news = cursor.news(fetched);
            this.fetchedAll = MessageCursor.isComplete(listed, fetched);
        }

        @Override
        public String item() {
            return item;
        }

        @Override
        public boolean hasNext() {
            return next < news.size();
        }

        @Override
        public Exchange next() {
            Message message = news.get(next);
            Exchange exchange = createExchange(false);
            org.apache.camel.Message in = exchange.getMessage();
            in.setBody(message);
            in.setHeader(EusateConstants.SESSION_ID, sessionId);
            in.setHeader(EusateConstants.CONVERSATION_ID, listed.getId());
            in.setHeader(EusateConstants.MESSAGE_ID, message.getId());
            in.setHeader(EusateConstants.SENDER, message.getSender());
            in.setHeader(EusateConstants.DATE_CREATED, message.getDateCreated());
            in.setHeader(EusateConstants.CHANGE_TYPE, ChangeType.CREATED);
            return exchange;
        }

        @Override
        public void delivered(Exchange exchange) {
            Message message = news.get(next++);
            cursor = cursor.delivered(message, lateArrivalWindow);
            if (next == news.size() && fetchedAll) {
                // the last one: its commit is the catch-up, in one write
                cursor = cursor.caughtUpWith(listed, fetched, lateArrivalWindow, System.currentTimeMillis());
            }
            state().put(key, cursor.encode());
            metrics().messageDelivered(routeTag(), sessionId, message.getDateCreated());
        }

        @Override
        public void close(boolean complete) {
            if (!complete) {
                return; // the conversation is still changed: the next poll fetches it again and goes on from the cursor
            }
            if (fetchedAll) {
                if (news.isEmpty()) { // a recheck that found nothing new: only its time moves
                    state().put(key, cursor.caughtUpWith(listed, fetched, lateArrivalWindow, System.currentTimeMillis())
                            .encode());
                }
            } else {
                incompleteFetches.incrementAndGet();
                LOG.warn("The messages of conversation {} in session {} lack its latest message {} announced by the"
                         + " conversation list; what arrived is delivered and the conversation is fetched again next poll",
                        listed.getId(), sessionId, listed.getLatestMessage().getId());
            }
        }
    }
}
