package io.github.cameleusate.component;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import io.github.cameleusate.client.ConversationListing;
import io.github.cameleusate.client.EusateApiException;
import io.github.cameleusate.client.EusateClient;
import io.github.cameleusate.client.EusatePaths;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.sync.FailureBackoff;
import io.github.cameleusate.sync.SessionEntries;
import io.github.cameleusate.sync.SessionShards;
import io.github.cameleusate.sync.SyncState;
import org.apache.camel.AsyncCallback;
import org.apache.camel.DelegateEndpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both eusate consumers share: each poll is a {@link PollPipeline} over the sessions, with {@code concurrency}
 * request threads and {@code maxExchangesInFlight} exchanges in flight on their delivery threads (see
 * {@link EusateConfiguration#deliveryThreads()}); each exchange's position is committed to the state once it completed
 * successfully. The poll returns its outcome, which this class acts on in one place ({@link #completed}):
 * failed items are backed off on their own, and only a failure of the source fails the poll.
 * <p>
 * It is a Camel batch consumer for what that base does for every batch consumer: {@code maxMessagesPerPoll}, and a
 * graceful shutdown that lets the poll in progress finish what it started ({@link #isBatchAllowed()} and the pending
 * poll). Its other half does not fit: {@link #processBatch} takes a queue of exchanges made up front and routes them one
 * after the other on the polling thread, where a poll here creates its exchanges as the fetches come in and delivers
 * them asynchronously, one lane per conversation, committing each on the thread that completed it.
 */
public abstract class EusatePollingConsumer extends ScheduledBatchPollingConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EusatePollingConsumer.class);

    private final List<String> sessionIds;
    private final EusateSessionSource sessionSource;
    private final int concurrency;
    private final int exchangesInFlight;
    private final int deliveryThreadCount;
    private final int shardCount;
    private final int shardIndex;
    private final long progressInterval;
    private final AtomicLong skipped = new AtomicLong();
    private final FailureBackoff backoff = new FailureBackoff();
    private final int removalConfirmations;
    /** The sessions of the last poll, to notice those the session source no longer gives. */
    private Set<String> polledSessions = Set.of();
    /** The sessions the session source no longer gives, with the number of polls in a row it did not. */
    private final Map<String, Integer> retiring = new HashMap<>();
    /** Why this consumer no longer holds its state (another fenced it), until it is started again; null while it does. */
    private volatile FenceLostException fenceLost;
    private EusateConsumerHealthCheck healthCheck;
    /** The check this consumer registered because another consumer wraps it; null otherwise. */
    private EusateConsumerHealthCheck registeredCheck;
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
        this.exchangesInFlight = configuration.exchangesInFlight();
        this.deliveryThreadCount = configuration.deliveryThreads();
        this.progressInterval = configuration.getProgressInterval();
        this.removalConfirmations = configuration.getRemovalConfirmations();
        setMaxMessagesPerPoll(configuration.getMaxMessagesPerPoll());
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        if (getDelay() <= 0) {
            throw new IllegalArgumentException("Option delay must be positive, got " + getDelay() + " on "
                                               + getEndpoint().getEndpointBaseUri());
        }
    }

    /** How many times a session or conversation was skipped because the API answered 403 or 404 for it. */
    public long getSkipped() {
        return skipped.get();
    }

    /** The sessions and conversations backed off now, because they kept failing. */
    public FailureBackoff getBackoff() {
        return backoff;
    }

    @Override
    public EusateEndpoint getEndpoint() {
        return (EusateEndpoint) super.getEndpoint();
    }

    /** The prefix of this consumer's entries in the state repository. */
    protected abstract String stateNamespace();

    /**
     * Turns a session's conversations as listed now into lanes and fetches, from the session's state read at once; what
     * it writes to {@code session} is stored in one write when it returns. Runs on the polling thread.
     */
    protected abstract void plan(SessionEntries session, ConversationListing listing, PollPipeline.Plan plan);

    /** Marks where a session starts when the consumer has no state for it and startFrom=now. */
    protected abstract void startNow(SessionEntries session, ConversationListing listing);

    @Override
    protected void doStart() throws Exception {
        StateRepository<String, String> repository = getEndpoint().getConfiguration().getStateRepository();
        if (repository == null) {
            repository = ownRepository = new MemoryBatchStateRepository();
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
        deliveryThreads = executors.newFixedThreadPool(this, "EusateDelivery", deliveryThreadCount);
        super.doStart();
        registerHealthCheckWhereWrapped();
    }

    /**
     * Camel checks a route's own consumer; one this consumer is wrapped in (master:) has no check, so this one registers
     * its own while it runs, and readiness reaches it wherever it runs.
     */
    private void registerHealthCheckWhereWrapped() {
        String route = route();
        HealthCheckRegistry registry = HealthCheckRegistry.get(getEndpoint().getCamelContext());
        if (route == null || registry == null || getEndpoint().getCamelContext().getRoute(route).getConsumer() == this) {
            return;
        }
        registeredCheck = new EusateConsumerHealthCheck(this,
                new ScheduledPollConsumerHealthCheck(this, "eusate:" + route), "eusate:" + route, true);
        registry.register(registeredCheck);
    }

    @Override
    public HealthCheck getHealthCheck() {
        HealthCheck polls = super.getHealthCheck();
        if (polls == null || polls instanceof EusateConsumerHealthCheck) {
            return polls;
        }
        if (healthCheck == null) {
            healthCheck = new EusateConsumerHealthCheck(this, polls, polls.getId(), false);
        }
        return healthCheck;
    }

    @Override
    protected void doStop() throws Exception {
        if (registeredCheck != null) {
            HealthCheckRegistry.get(getEndpoint().getCamelContext()).unregister(registeredCheck);
            registeredCheck = null;
        }
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
        backoff.nextPoll();
        return completed(new PollPipeline(source, name(), sessionsToPoll(), requestThreads, deliveryThreads, concurrency,
                exchangesInFlight, getMaxMessagesPerPoll(), progressInterval).run());
    }

    /**
     * What a poll did, acted on: its summary logged, each failed item backed off (logged when it starts failing and when
     * it goes through again), the fence's loss noted, and the poll failed when its source did.
     *
     * @return the exchanges delivered
     */
    private int completed(PollPipeline.Outcome outcome) {
        for (Map.Entry<String, RuntimeException> failure : outcome.itemFailures().entrySet()) {
            itemFailed(failure.getKey(), failure.getValue());
        }
        for (String item : outcome.itemsThrough()) {
            if (backoff.succeeded(item)) {
                LOG.info("{}: {} goes through again", name(), item);
            }
        }
        metrics().backedOff(routeTag(), backoff.size());
        metrics().polled(routeTag(), getEndpoint().getOperation().name(), outcome.sourceFailure() != null,
                outcome.nanos());
        LOG.info("{}: {}", name(), outcome.summary());
        RuntimeException failure = outcome.sourceFailure();
        if (failure != null) {
            noteFenceLost(failure);
            throw failure;
        }
        return outcome.delivered();
    }

    private void itemFailed(String item, RuntimeException e) {
        if (e instanceof EusateApiException api && (api.getHttpResponseCode() == 403 || api.getHttpResponseCode() == 404)) {
            skipped.incrementAndGet();
        }
        int failures = backoff.failed(item);
        if (failures == 1) {
            LOG.warn("{}: {} failed and is backed off on its own (tried again next poll, then less often): {}", name(), item,
                    e.getMessage());
        } else {
            LOG.debug("{}: {} failed {} times in a row, next tried in {} polls: {}", name(), item, failures,
                    backoff.skippedPolls(item) + 1, e.getMessage());
        }
    }

    /**
     * When the poll failed because the state repository refused a write (another consumer fenced it), this consumer
     * stops delivering until it is started again, and says so once, at ERROR.
     */
    private void noteFenceLost(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof FenceLostException lost) {
                fenceLost = lost;
                LOG.error("{} stops delivering until it is started again: {}", name(), lost.getMessage());
                return;
            }
        }
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
        if (sessionSource != null) {
            forgetRetired(sessions);
        }
        if (backoff.size() > 0) {
            sessions.removeIf(id -> backoff.isBackedOff("session " + id));
        }
        return sessions;
    }

    /**
     * A session that the session source no longer gives, {@code removalConfirmations} polls in a row (so a source that
     * answers empty once by mistake retires nothing), is retired: its state entries are removed. Only the sessions this
     * consumer polled since it started are known here; one retired while it was stopped keeps its entries.
     */
    private void forgetRetired(Set<String> sessions) {
        Set<String> absent = new HashSet<>(retiring.keySet());
        absent.addAll(polledSessions);
        absent.removeAll(sessions);
        retiring.keySet().retainAll(absent);
        for (String id : absent) {
            if (retiring.merge(id, 1, Integer::sum) >= removalConfirmations) {
                SessionEntries session = state.session(id, List.of());
                session.forget();
                session.flush();
                retiring.remove(id);
                backoff.succeeded("session " + id);
                LOG.info("{}: session {} is no longer given by the session source: its state is removed", name(), id);
            }
        }
        polledSessions = Set.copyOf(sessions);
    }

    /** What the poll asks of this consumer, and nothing else. */
    private final PollPipeline.Source source = new PollPipeline.Source() {
        @Override
        public ConversationListing list(String sessionId) {
            return client().listConversations(sessionId, getEndpoint().getConfiguration().getClosed());
        }

        /**
         * Where startFrom=now meets a new session, its start is marked; otherwise its listing is planned. The session's
         * state is read in one read, and what the plan changed in it stored in one write.
         */
        @Override
        public void plan(String sessionId, ConversationListing listing, PollPipeline.Plan plan) {
            SessionEntries session = state.session(sessionId,
                    listing.conversations().stream().map(Conversation::getId).toList());
            if (session.isStarted()) {
                EusatePollingConsumer.this.plan(session, listing, plan);
            } else {
                if (getEndpoint().getConfiguration().getStartFrom() == EusateStartFrom.now) {
                    startNow(session, listing);
                } else {
                    EusatePollingConsumer.this.plan(session, listing, plan);
                }
                session.markStarted();
            }
            session.flush();
        }

        @Override
        public boolean isDeliveryAllowed() {
            return isBatchAllowed() && !isSuspended();
        }

        /** On the calling thread until the route goes asynchronous. */
        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            return getAsyncProcessor().process(exchange, callback);
        }

        @Override
        public void release(Exchange exchange) {
            releaseExchange(exchange, false);
        }

        @Override
        public void progress(PollProgress progress) {
            metrics().pollProgress(routeTag(), progress);
        }
    };

    /** Not used: a poll delivers through its lanes (see the class comment). */
    @Override
    public int processBatch(Queue<Object> exchanges) {
        throw new UnsupportedOperationException("An eusate poll delivers its exchanges through its lanes, not as a batch");
    }

    /** How the poll summary names this consumer. */
    String name() {
        String route = route();
        return route != null ? route : getEndpoint().getEndpointBaseUri();
    }
}
