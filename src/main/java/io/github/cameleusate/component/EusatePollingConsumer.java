package io.github.cameleusate.component;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameleusate.client.EusateApiException;
import io.github.cameleusate.client.EusateClient;
import io.github.cameleusate.client.EusatePaths;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.sync.SyncState;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both eusate consumers share: per poll, one list request per session; exchanges emitted one at a time and each
 * one's position committed to the state only once it completed successfully; at most maxMessagesPerPoll exchanges.
 */
abstract class EusatePollingConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EusatePollingConsumer.class);

    private final List<String> sessionIds;
    private final AtomicLong skipped = new AtomicLong();
    private SyncState state;
    private StateRepository<String, String> ownRepository;

    EusatePollingConsumer(EusateEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.sessionIds = endpoint.getConfiguration().sessionIdList();
        if (sessionIds.isEmpty()) {
            throw new IllegalArgumentException("No session to poll: set the option sessionIds (comma-separated) or"
                                               + " sessionId on " + endpoint.getEndpointBaseUri());
        }
        sessionIds.forEach(id -> EusatePaths.requireValidId("sessionId", id));
        if (endpoint.getConfiguration().getMaxMessagesPerPoll() < 0) {
            throw new IllegalArgumentException("Option maxMessagesPerPoll must be 0 (no limit) or more, got "
                                               + endpoint.getConfiguration().getMaxMessagesPerPoll());
        }
        setMaxMessagesPerPoll(endpoint.getConfiguration().getMaxMessagesPerPoll());
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (getDelay() <= 0) {
            throw new IllegalArgumentException("Option delay must be positive, got " + getDelay() + " on "
                                               + getEndpoint().getEndpointBaseUri());
        }
    }

    /** How many sessions or conversations were skipped because the API answered 403 or 404 for them. */
    public long getSkipped() {
        return skipped.get();
    }

    /** A 403 or 404: this one session or conversation is not readable, which is no reason to fail the others. */
    static boolean isForbiddenOrGone(RuntimeException e) {
        return e instanceof EusateApiException api && (api.getHttpResponseCode() == 403 || api.getHttpResponseCode() == 404);
    }

    protected void countSkipped() {
        skipped.incrementAndGet();
    }

    @Override
    public EusateEndpoint getEndpoint() {
        return (EusateEndpoint) super.getEndpoint();
    }

    /** The prefix of this consumer's entries in the state repository. */
    protected abstract String stateNamespace();

    /** Delivers what is new in one session, given its conversations as listed now; returns the exchanges delivered. */
    protected abstract int pollSession(String sessionId, List<Conversation> listed, PollProgress poll);

    /** Marks where a session starts when the consumer has no state for it and startFrom=now. */
    protected abstract void startNow(String sessionId, List<Conversation> listed);

    @Override
    protected void doStart() throws Exception {
        StateRepository<String, String> repository = getEndpoint().getConfiguration().getStateRepository();
        if (repository == null) {
            repository = ownRepository = new MemoryStateRepository();
            LOG.warn("{} keeps its state in memory: after a restart it delivers everything again. Set the option"
                     + " stateRepository (e.g. a FileStateRepository) to resume where it stopped.",
                    getEndpoint().getEndpointBaseUri());
        }
        // a repository may be shared by several consumers: it is started here but stopped by its owner (or the context)
        ServiceHelper.startService(repository);
        String stateId = getEndpoint().getConfiguration().getStateId();
        state = new SyncState(repository, stateId == null || stateId.isBlank()
                ? stateNamespace() : stateNamespace() + "/" + EusatePaths.segment("stateId", stateId));
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        ServiceHelper.stopService(ownRepository);
    }

    protected SyncState state() {
        return state;
    }

    protected EusateMetrics metrics() {
        return getEndpoint().getComponent().metrics();
    }

    /** The route tag of this consumer's metrics. */
    protected String routeTag() {
        return getRouteId() != null ? getRouteId() : "none";
    }

    protected EusateClient client() {
        return getEndpoint().getClient();
    }

    /** One poll; public so that a test, or a route with startScheduler=false, can run it on its own thread. */
    @Override
    public int poll() throws Exception {
        PollProgress poll = new PollProgress(getMaxMessagesPerPoll());
        int delivered = 0;
        int listedCount = 0;
        long started = System.nanoTime();
        RuntimeException failure = null;
        for (String sessionId : sessionIds) {
            if (poll.isExhausted() || !isBatchAllowed()) {
                break;
            }
            try {
                poll.request();
                List<Conversation> listed = client().listConversations(sessionId, getEndpoint().getConfiguration().getClosed());
                listedCount += listed.size();
                if (!state.isStarted(sessionId) && getEndpoint().getConfiguration().getStartFrom() == EusateStartFrom.now) {
                    startNow(sessionId, listed);
                } else {
                    delivered += pollSession(sessionId, listed, poll);
                }
                state.markStarted(sessionId);
            } catch (RuntimeException e) {
                if (isForbiddenOrGone(e)) {
                    // one session the key may not read (403) or that does not exist (404): reported, the others go on
                    skipped.incrementAndGet();
                    LOG.warn("Skipped session {}: {}", sessionId, e.getMessage());
                } else {
                    // the other sessions go on; the poll is reported as failed once they are done
                    LOG.warn("Polling session {} failed: {}", sessionId, e.getMessage());
                    failure = failure == null ? e : failure;
                }
            }
        }
        long elapsed = System.nanoTime() - started;
        metrics().polled(routeTag(), getEndpoint().getOperation().name(), failure != null, elapsed);
        LOG.info("{}: {} session(s), {} conversations listed, {} changed, {} exchanges delivered, {} requests in {} ms{}{}",
                getRouteId() != null ? getRouteId() : getEndpoint().getEndpointBaseUri(), sessionIds.size(), listedCount,
                poll.changed(), delivered, poll.requests(), elapsed / 1_000_000,
                poll.isExhausted() ? " (maxMessagesPerPoll reached, the rest follows)" : "",
                failure != null ? " (failed: " + failure.getMessage() + ")" : "");
        if (failure != null) {
            throw failure;
        }
        return delivered;
    }

    /**
     * Emits the exchanges in order, stopping at the first that fails (its successors must not be committed past it).
     *
     * @return how many completed successfully
     */
    @Override
    public int processBatch(Queue<Object> exchanges) {
        int total = exchanges.size();
        int index = 0;
        while (!exchanges.isEmpty()) {
            Exchange exchange = (Exchange) exchanges.poll();
            exchange.setProperty(Exchange.BATCH_INDEX, index);
            exchange.setProperty(Exchange.BATCH_SIZE, total);
            exchange.setProperty(Exchange.BATCH_COMPLETE, index == total - 1);
            if (!deliver(exchange)) {
                break;
            }
            index++;
        }
        return index;
    }

    /** Processes one exchange; true when it completed without an exception (a handled one is a success). */
    protected boolean deliver(Exchange exchange) {
        pendingExchanges = 1;
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            pendingExchanges = 0;
        }
        boolean success = exchange.getException() == null;
        if (!success) {
            getExceptionHandler().handleException("Error processing eusate exchange; it is delivered again on a later"
                                                  + " poll", exchange, exchange.getException());
        }
        releaseExchange(exchange, false);
        return success;
    }

    /** What one poll did so far, and how many exchanges it may still emit. Used by the polling thread only. */
    static final class PollProgress {
        private final int max;
        private int used;
        private int changed;
        private int requests;

        PollProgress(int max) {
            this.max = max;
        }

        boolean isExhausted() {
            return max > 0 && used >= max;
        }

        /** One exchange is about to be emitted. */
        void use() {
            used++;
        }

        void changed(int conversations) {
            changed += conversations;
        }

        void request() {
            requests++;
        }

        int changed() {
            return changed;
        }

        int requests() {
            return requests;
        }
    }
}
