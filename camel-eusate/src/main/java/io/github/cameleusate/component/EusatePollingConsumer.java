package io.github.cameleusate.component;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameleusate.client.ConversationListing;
import io.github.cameleusate.client.EusateApiException;
import io.github.cameleusate.client.EusateClient;
import io.github.cameleusate.client.EusatePaths;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.sync.SessionShards;
import io.github.cameleusate.sync.SyncState;
import org.apache.camel.AsyncCallback;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RollbackExchangeException;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both eusate consumers share: each poll is a {@link PollPipeline} over the sessions, with {@code concurrency}
 * request threads and {@code concurrency} delivery threads; each exchange's position is committed to the state once it
 * completed successfully. On a graceful shutdown the poll stops starting requests and exchanges, and ends once the
 * exchanges in flight completed and were committed.
 */
public abstract class EusatePollingConsumer extends ScheduledPollConsumer implements ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(EusatePollingConsumer.class);

    private final List<String> sessionIds;
    private final EusateSessionSource sessionSource;
    private final int concurrency;
    private final int shardCount;
    private final int shardIndex;
    private final AtomicLong skipped = new AtomicLong();
    private volatile ShutdownRunningTask shutdownRunningTask;
    /** Why this consumer no longer holds its state (another fenced it), until it is started again; null while it does. */
    private volatile FenceLostException fenceLost;
    private SyncState state;
    private StateRepository<String, String> ownRepository;
    private ExecutorService requestThreads;
    private ExecutorService deliveryThreads;

    EusatePollingConsumer(EusateEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        EusateConfiguration configuration = endpoint.getConfiguration();
        this.sessionIds = configuration.sessionIdList();
        this.sessionSource = configuration.getSessionSource();
        if (sessionIds.isEmpty() && sessionSource == null) {
            throw new IllegalArgumentException("No session to poll: set the option sessionIds (comma-separated),"
                                               + " sessionId or sessionSource on " + endpoint.getEndpointBaseUri());
        }
        this.shardCount = configuration.getShardCount();
        this.shardIndex = configuration.getShardIndex();
        this.concurrency = configuration.getConcurrency();
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

    void countSkipped() {
        skipped.incrementAndGet();
    }

    @Override
    public EusateEndpoint getEndpoint() {
        return (EusateEndpoint) super.getEndpoint();
    }

    /** The prefix of this consumer's entries in the state repository. */
    protected abstract String stateNamespace();

    /** Turns a session's conversations as listed now into lanes and fetches. Runs on the polling thread. */
    protected abstract void plan(String sessionId, ConversationListing listing, PollPipeline.Plan plan);

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
        if (repository instanceof FencedStateRepository fenced) {
            fenced.fence();
        }
        fenceLost = null;
        String stateId = getEndpoint().getConfiguration().getStateId();
        state = new SyncState(repository, stateId == null || stateId.isBlank()
                ? stateNamespace() : stateNamespace() + "/" + EusatePaths.segment("stateId", stateId));
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        requestThreads = executors.newFixedThreadPool(this, "EusateRequest", concurrency);
        deliveryThreads = executors.newFixedThreadPool(this, "EusateDelivery", concurrency);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        ExecutorServiceManager executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (requestThreads != null) {
            executors.shutdownNow(requestThreads);
            executors.shutdownNow(deliveryThreads);
            requestThreads = null;
            deliveryThreads = null;
        }
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
        String route = route();
        return route != null ? route : "none";
    }

    /**
     * The id of this consumer's route: Camel's, or for a consumer another one wraps (master:, which starts it only on the
     * leader), the route whose endpoint delegates to this consumer's endpoint.
     */
    private String route() {
        if (getRouteId() == null) {
            getEndpoint().getCamelContext().getRoutes().stream()
                    .filter(r -> r.getEndpoint() == getEndpoint()
                                 || r.getEndpoint() instanceof DelegateEndpoint d && d.getEndpoint() == getEndpoint())
                    .findFirst().ifPresent(r -> setRouteId(r.getRouteId()));
        }
        return getRouteId();
    }

    protected EusateClient client() {
        return getEndpoint().getClient();
    }

    /** One poll; public so that a test, or a route with startScheduler=false, can run it on its own thread. */
    @Override
    public int poll() {
        if (fenceLost != null) {
            return 0; // another consumer holds the state: it delivers what this one would
        }
        EusateConfiguration configuration = getEndpoint().getConfiguration();
        return new PollPipeline(this, sessionsToPoll(), concurrency, configuration.getMaxMessagesPerPoll(),
                configuration.getProgressInterval()).run();
    }

    /** The sessions of the URI, then those the session source gives now, each once; only this consumer's shard. */
    private Collection<String> sessionsToPoll() {
        Set<String> sessions = new LinkedHashSet<>(sessionIds);
        if (sessionSource != null) {
            Collection<String> sourced = sessionSource.sessionIds();
            if (sourced != null) {
                sessions.addAll(sourced);
            }
            if (sessions.contains(null)) {
                throw new IllegalStateException("The sessionSource " + sessionSource + " of " + name()
                                                + " gave a null session id");
            }
        }
        if (shardCount > 1) {
            sessions.removeIf(id -> SessionShards.shardOf(id, shardCount) != shardIndex);
        }
        return sessions;
    }

    // ---- what the poll pipeline asks of its consumer

    /** Whether the poll may start more requests and exchanges: not while the route stops or suspends. */
    boolean isDeliveryAllowed() {
        ShutdownRunningTask task = shutdownRunningTask;
        return isRunAllowed() && !isSuspended() && fenceLost == null
               && (task == null || task == ShutdownRunningTask.CompleteAllTasks);
    }

    /**
     * A failure of the poll: when it is a write the state repository refused because another consumer fenced it, this
     * consumer stops delivering (within this poll) and says so once, at ERROR.
     */
    void failed(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof FenceLostException lost) {
                synchronized (this) {
                    if (fenceLost == null) {
                        fenceLost = lost;
                        LOG.error("{} stops delivering until it is started again: {}", name(), lost.getMessage());
                    }
                }
                return;
            }
        }
    }

    ExecutorService requestThreads() {
        return requestThreads;
    }

    ConversationListing listConversations(String sessionId) {
        return client().listConversations(sessionId, getEndpoint().getConfiguration().getClosed());
    }

    /** A session's listing: where startFrom=now meets a new session, its start is marked; otherwise it is planned. */
    void listed(String sessionId, ConversationListing listing, PollPipeline.Plan plan) {
        if (state.isStarted(sessionId)) {
            plan(sessionId, listing, plan);
            return;
        }
        if (getEndpoint().getConfiguration().getStartFrom() == EusateStartFrom.now) {
            startNow(sessionId, listing.conversations());
        } else {
            plan(sessionId, listing, plan);
        }
        state.markStarted(sessionId);
    }

    ExecutorService deliveryThreads() {
        return deliveryThreads;
    }

    /**
     * Routes an exchange through the asynchronous routing engine, on the calling thread until the route goes
     * asynchronous.
     *
     * @return true when it completed synchronously (the callback has run); false when the callback runs later
     */
    boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            return getAsyncProcessor().process(exchange, callback);
        } catch (Throwable e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /**
     * Why a completed exchange did not succeed, handed to the consumer's exception handler; null when it succeeded (an
     * exception the route's error handler handled counts as success, as everywhere in Camel).
     */
    Exception failureOf(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure == null && exchange.isRollbackOnly()) {
            failure = new RollbackExchangeException("The route marked the exchange rollback only", exchange);
        }
        if (failure != null) {
            getExceptionHandler().handleException("Error processing eusate exchange; it is delivered again on a later"
                                                  + " poll", exchange, failure);
        }
        return failure;
    }

    void progress(PollProgress progress) {
        metrics().pollProgress(routeTag(), progress);
    }

    void polled(boolean failed, long nanos) {
        metrics().polled(routeTag(), getEndpoint().getOperation().name(), failed, nanos);
    }

    /** How the poll summary names this consumer. */
    String name() {
        String route = route();
        return route != null ? route : getEndpoint().getEndpointBaseUri();
    }

    // ---- graceful shutdown (as Camel's batch consumers): the poll in progress counts as pending until it ended

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        this.shutdownRunningTask = shutdownRunningTask;
        return false;
    }

    @Override
    public int getPendingExchangesSize() {
        return isPolling() ? 1 : 0;
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        this.shutdownRunningTask = null;
    }
}
