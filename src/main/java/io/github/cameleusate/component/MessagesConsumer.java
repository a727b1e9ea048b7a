package io.github.cameleusate.component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.sync.ChangeType;
import io.github.cameleusate.sync.MessageCursor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code from("eusate:messages")}: one exchange per new message. A conversation's messages are fetched only when the
 * listing shows it changed since its cursor caught up; fetches run {@code concurrency} at a time ahead of the emitting
 * thread, which emits each conversation's new messages oldest first and commits the cursor after each success.
 */
class MessagesConsumer extends EusatePollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesConsumer.class);

    private final AtomicLong incompleteFetches = new AtomicLong();
    private ExecutorService fetchers;

    MessagesConsumer(EusateEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        if (endpoint.getConfiguration().getConcurrency() < 1) {
            throw new IllegalArgumentException("Option concurrency must be 1 or more, got "
                                               + endpoint.getConfiguration().getConcurrency());
        }
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
    protected void doStart() throws Exception {
        fetchers = getEndpoint().getCamelContext().getExecutorServiceManager().newFixedThreadPool(this, "EusateFetch",
                getEndpoint().getConfiguration().getConcurrency());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (fetchers != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(fetchers);
            fetchers = null;
        }
    }

    @Override
    protected void startNow(String sessionId, List<Conversation> listed) {
        for (Conversation conversation : listed) {
            String key = state().conversationKey(sessionId, conversation.getId());
            if (state().get(key) == null) {
                state().put(key, MessageCursor.at(conversation).encode());
            }
        }
    }

    @Override
    protected int pollSession(String sessionId, List<Conversation> listed, PollProgress poll) {
        List<Conversation> changedList = listed.stream().filter(c -> !cursor(sessionId, c).isUpToDateWith(c)).toList();
        poll.changed(changedList.size());
        Iterator<Conversation> changed = changedList.iterator();
        Deque<Future<ConversationMessages>> window = new ArrayDeque<>();
        Deque<Conversation> windowListed = new ArrayDeque<>();
        int concurrency = getEndpoint().getConfiguration().getConcurrency();
        int delivered = 0;
        RuntimeException failure = null;
        try {
            while (true) {
                while (window.size() < concurrency && changed.hasNext() && !poll.isExhausted()) {
                    Conversation conversation = changed.next();
                    windowListed.add(conversation);
                    poll.request();
                    window.add(fetchers.submit(() -> client().listMessages(sessionId, conversation.getId())));
                }
                if (window.isEmpty() || poll.isExhausted() || !isBatchAllowed()) {
                    break;
                }
                Conversation conversation = windowListed.poll();
                try {
                    delivered += deliver(sessionId, conversation, await(window.poll()), poll);
                } catch (RuntimeException e) {
                    if (isForbiddenOrGone(e)) {
                        // removed between the list and this fetch (404), or not readable (403): nothing to deliver
                        countSkipped();
                        LOG.warn("Skipped conversation {} in session {}: {}", conversation.getId(), sessionId,
                                e.getMessage());
                    } else {
                        // this conversation keeps its cursor and is fetched again next poll; the others go on
                        LOG.warn("Fetching the messages of conversation {} in session {} failed: {}",
                                conversation.getId(), sessionId, e.getMessage());
                        failure = failure == null ? e : failure;
                    }
                }
            }
        } finally {
            window.forEach(f -> f.cancel(true));
        }
        if (failure != null && delivered == 0) {
            throw failure;
        }
        return delivered;
    }

    private int deliver(String sessionId, Conversation listed, ConversationMessages fetched, PollProgress poll) {
        String key = state().conversationKey(sessionId, listed.getId());
        MessageCursor cursor = MessageCursor.decode(key, state().get(key));
        int delivered = 0;
        for (Message message : cursor.after(fetched.getMessages())) {
            if (poll.isExhausted() || !isBatchAllowed()) {
                return delivered;
            }
            poll.use();
            if (!deliver(exchange(sessionId, listed.getId(), message))) {
                return delivered;
            }
            cursor = cursor.delivered(message);
            state().put(key, cursor.encode());
            delivered++;
            metrics().messageDelivered(routeTag(), sessionId, message.getDateCreated());
        }
        if (MessageCursor.isComplete(listed, fetched.getMessages())) {
            state().put(key, cursor.caughtUpWith(listed).encode());
        } else {
            incompleteFetches.incrementAndGet();
            LOG.warn("The messages of conversation {} in session {} lack its latest message {} announced by the"
                     + " conversation list; what arrived is delivered and the conversation is fetched again next poll",
                    listed.getId(), sessionId, listed.getLatestMessage().getId());
        }
        return delivered;
    }

    private Exchange exchange(String sessionId, String conversationId, Message message) {
        Exchange exchange = createExchange(false);
        org.apache.camel.Message in = exchange.getMessage();
        in.setBody(message);
        in.setHeader(EusateConstants.SESSION_ID, sessionId);
        in.setHeader(EusateConstants.CONVERSATION_ID, conversationId);
        in.setHeader(EusateConstants.MESSAGE_ID, message.getId());
        in.setHeader(EusateConstants.SENDER, message.getSender());
        in.setHeader(EusateConstants.DATE_CREATED, message.getDateCreated());
        in.setHeader(EusateConstants.CHANGE_TYPE, ChangeType.CREATED);
        return exchange;
    }

    private MessageCursor cursor(String sessionId, Conversation conversation) {
        String key = state().conversationKey(sessionId, conversation.getId());
        return MessageCursor.decode(key, state().get(key));
    }

    private static ConversationMessages await(Future<ConversationMessages> fetch) {
        try {
            return fetch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while fetching messages", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
