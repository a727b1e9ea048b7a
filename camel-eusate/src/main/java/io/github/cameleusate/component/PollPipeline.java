package io.github.cameleusate.component;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.cameleusate.client.ConversationListing;
import io.github.cameleusate.client.EusateApiException;
import io.github.cameleusate.client.EusateIoException;
import io.github.cameleusate.client.EusatePaths;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.RollbackExchangeException;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of an eusate consumer: a pipeline bounded by {@code concurrency} requests and {@code exchangesInFlight}
 * exchanges, driven by the polling thread.
 * <ul>
 * <li><b>Requests</b>: the sessions' conversation lists (a paginated list follows its pages in order) and the message
 * fetches they call for, at most {@code concurrency} in flight on the consumer's request threads. A session's fetches
 * start as soon as its list is in, ahead of the lists still to come.</li>
 * <li><b>Lanes</b>: what one conversation (for conversation changes: one session) has to deliver, in order. At most
 * {@code exchangesInFlight} lanes deliver at once, in the order their data arrived, so a slow fetch or a slow exchange holds
 * back only its own lane. A lane sends one exchange at a time through Camel's asynchronous routing engine on a delivery
 * thread, commits its position once that exchange completed, and goes on with the next; an exchange that completes
 * asynchronously (camel-kafka's producer, say) frees the thread until it does. A failed exchange ends its lane for this
 * poll.</li>
 * </ul>
 * <b>Failures</b> are of one item (a session, or a conversation) or of the source. A failed list, fetch or exchange is
 * its item's: the consumer backs that item off and the poll goes on and succeeds. The poll fails only for what hits
 * everything: the API rejecting the key, every request failing for want of an answer (the API unreachable), or the
 * consumer's own state failing.
 * The polling thread plans (it alone reads the state to decide what changed) and keeps the books; request threads and
 * lanes report back through one queue of events. Lanes fetched or being fetched are bounded ({@code exchangesInFlight}
 * plus {@code concurrency}), so a slow sink holds back the requests rather than filling the heap.
 * <p>
 * The poll asks its consumer only what {@link Source} offers, and tells it nothing while it runs: it returns an
 * {@link Outcome}, which the consumer acts on (backoff, logs, metrics, failing the poll).
 */
final class PollPipeline {

    /**
     * What one conversation (or one session's conversation changes) delivers, one exchange at a time, in order. A lane is
     * used by one thread at a time, not always the same one.
     */
    interface Lane {

        /** The item this lane delivers, as its failures name it: "session s" or "conversation c of session s". */
        String item();

        boolean hasNext();

        /** The exchange of the next item; only called when {@link #hasNext()}. */
        Exchange next();

        /** The exchange last returned by {@link #next()} completed successfully: commit its position. */
        void delivered(Exchange exchange);

        /** Nothing more is delivered from this lane in this poll; {@code complete} when every item was delivered. */
        void close(boolean complete);
    }

    /** What a poll asks of its consumer. */
    interface Source {

        /** A session's conversations; on a request thread. */
        ConversationListing list(String sessionId);

        /** What a session's listing calls for; on the polling thread, which alone reads the state to find changes. */
        void plan(String sessionId, ConversationListing listing, Plan plan);

        /** Whether the poll may start more requests and exchanges: not while the route stops or suspends. */
        boolean isDeliveryAllowed();

        /**
         * Routes an exchange through the asynchronous routing engine.
         *
         * @return true when it completed synchronously (the callback has run); false when the callback runs later
         */
        boolean process(Exchange exchange, AsyncCallback callback);

        /** The exchange completed and was committed, or not: it is no longer needed. */
        void release(Exchange exchange);

        /** How far the poll has got: every second while it runs, and once at its end. */
        void progress(PollProgress progress);
    }

    /**
     * What a poll did.
     *
     * @param itemFailures  why each session or conversation that failed did (empty when the source failed)
     * @param itemsThrough  the sessions listed and the conversations delivered in full
     * @param sourceFailure what failed the whole poll, or null: the key rejected, no request answered, the state failing
     * @param failures      every failure, of items and of the source
     * @param firstFailure  the first of them, or null
     */
    record Outcome(int sessions, int listed, int changed, int delivered, int requests, long nanos, boolean exhausted,
                   Map<String, RuntimeException> itemFailures, Set<String> itemsThrough, RuntimeException sourceFailure,
                   int failures, RuntimeException firstFailure) {

        /** The poll's summary line. */
        String summary() {
            return sessions + " session(s), " + listed + " conversations listed, " + changed + " changed, " + delivered
                   + " exchanges delivered, " + requests + " requests in " + nanos / 1_000_000 + " ms"
                   + (exhausted ? " (maxMessagesPerPoll reached, the rest follows)" : "")
                   + (firstFailure != null ? " (" + failures + " failed, the first: " + firstFailure.getMessage() + ")" : "");
        }
    }

    /** What a session's listing calls for: lanes to deliver, and fetches whose results become lanes. */
    interface Plan {

        /** {@code conversations} of the session changed since the consumer's last delivery. */
        void changed(int conversations);

        void lane(Lane lane);

        /**
         * Runs {@code request} on a request thread; its result becomes a lane on the polling thread.
         *
         * @param item the item the request is for, as its lane names it
         */
        <T> void fetch(String item, Supplier<T> request, Function<T, Lane> lane);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PollPipeline.class);
    /** How often a wait for events looks whether the consumer is being stopped. */
    private static final long STOP_CHECK_MILLIS = 100;
    /** How often the progress gauges are brought up to date while a poll runs. */
    private static final long GAUGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Fetch<T>(String item, Supplier<T> request, Function<T, Lane> lane) {
    }

    private final Source source;
    private final String name;
    private final ExecutorService requestThreads;
    private final ExecutorService deliveryThreads;
    private final int concurrency;
    private final int exchangesInFlight;
    private final int maxExchanges;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final Deque<String> unlisted;
    private final Deque<Fetch<?>> unfetched = new ArrayDeque<>();
    private final Deque<Lane> ready = new ArrayDeque<>();
    /** Exchanges emitted so far, counted by the lanes against maxMessagesPerPoll. */
    private final AtomicInteger emitted = new AtomicInteger();
    private final int sessions;
    private final long progressNanos;
    private int requestsInFlight;
    private int lanesOpen;
    private int lanesDelivering;

    private int listed;
    private int changed;
    private int requests;
    private int sessionsListed;
    private int fetches;
    private int fetched;
    /** Exchanges delivered and committed, counted on the delivery threads. */
    private final AtomicInteger delivered = new AtomicInteger();
    private int failures;
    private RuntimeException firstFailure;
    /** Requests that failed for want of an answer (I/O, deadline, 5xx or 429 after retries). */
    private int unanswered;
    /** What fails the whole poll: a rejected key, or a failure of the consumer's own state; once set, nothing starts. */
    private volatile RuntimeException sourceFailure;
    private final Map<String, RuntimeException> itemFailures = new LinkedHashMap<>();
    private final Set<String> itemsThrough = new HashSet<>();

    /**
     * @param name             how log lines name the consumer
     * @param requestThreads   where the requests run, {@code concurrency} at once
     * @param deliveryThreads  where the lanes deliver; a lane whose sink blocks holds its thread, so a blocking sink
     *                         has no more exchanges in flight than there are threads
     * @param concurrency      the most requests in flight
     * @param exchangesInFlight the most lanes delivering, each with one exchange in flight
     * @param maxExchanges     the most exchanges of the poll; 0 for no limit
     * @param progressInterval how often a long poll logs its progress, in ms; 0: never
     */
    PollPipeline(Source source, String name, Collection<String> sessionIds, ExecutorService requestThreads,
                 ExecutorService deliveryThreads, int concurrency, int exchangesInFlight, int maxExchanges,
                 long progressInterval) {
        this.source = source;
        this.name = name;
        this.requestThreads = requestThreads;
        this.deliveryThreads = deliveryThreads;
        this.progressNanos = TimeUnit.MILLISECONDS.toNanos(progressInterval);
        this.unlisted = new ArrayDeque<>(sessionIds);
        this.sessions = sessionIds.size();
        this.concurrency = concurrency;
        this.exchangesInFlight = exchangesInFlight;
        this.maxExchanges = maxExchanges;
    }

    /**
     * Runs the poll until everything is delivered, the consumer stops, or the source fails (then until the lanes
     * delivering have committed their exchanges in flight).
     */
    Outcome run() {
        long started = System.nanoTime();
        long nextGauge = started + GAUGE_NANOS;
        long nextLine = progressNanos > 0 ? started + progressNanos : Long.MAX_VALUE;
        try {
            while (true) {
                boolean going = isGoing() && !isExhausted();
                if (going) {
                    startRequests();
                    startLanes();
                }
                boolean nothingLeft = requestsInFlight == 0 && unlisted.isEmpty() && unfetched.isEmpty() && ready.isEmpty();
                if (lanesDelivering == 0 && (!going || nothingLeft)) {
                    break;
                }
                Runnable event = events.poll(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (event != null) {
                    event.run();
                }
                long now = System.nanoTime();
                boolean line = now >= nextLine;
                if (now >= nextGauge || line) {
                    PollProgress progress = progress(now - started);
                    source.progress(progress);
                    nextGauge = now + GAUGE_NANOS;
                    if (line) {
                        LOG.info("{}: polling for {} s: {}", name, TimeUnit.NANOSECONDS.toSeconds(now - started), progress);
                        nextLine = now + progressNanos;
                    }
                }
            }
            // lanes cut short by maxMessagesPerPoll or a stop keep their position and continue next poll
            while (!ready.isEmpty()) {
                close(ready.poll(), false);
            }
        } catch (InterruptedException e) {
            // the consumer is stopped by force: what completed is committed, the rest is delivered again later
            Thread.currentThread().interrupt();
        }
        long elapsed = System.nanoTime() - started;
        source.progress(progress(elapsed));
        if (sourceFailure == null && requests > 0 && unanswered == requests) {
            sourceFailure = firstFailure; // no request was answered: the API is out of reach, not one session
        }
        return new Outcome(sessions, listed, changed, delivered.get(), requests, elapsed, isExhausted(),
                sourceFailure == null ? Map.copyOf(itemFailures) : Map.of(), Set.copyOf(itemsThrough), sourceFailure,
                failures, firstFailure);
    }

    /** Whether more requests and exchanges may start: the consumer runs, and the source has not failed. */
    private boolean isGoing() {
        return sourceFailure == null && source.isDeliveryAllowed();
    }

    private PollProgress progress(long elapsedNanos) {
        return new PollProgress(sessions, sessionsListed, fetches, fetched, delivered.get(), elapsedNanos);
    }

    /** What the consumer plans for a session, on the polling thread. */
    private final Plan plan = new Plan() {
        @Override
        public void changed(int conversations) {
            changed += conversations;
        }

        @Override
        public void lane(Lane lane) {
            open(lane);
        }

        @Override
        public <T> void fetch(String item, Supplier<T> request, Function<T, Lane> lane) {
            fetches++;
            unfetched.add(new Fetch<>(item, request, lane));
        }
    };

    // ---- requests, on the polling thread

    private boolean isExhausted() {
        return maxExchanges > 0 && emitted.get() >= maxExchanges;
    }

    /** Fetches first (their lanes are next to deliver), then lists; within the bounds. */
    private void startRequests() {
        while (requestsInFlight < concurrency && lanesOpen + requestsInFlight < exchangesInFlight + concurrency) {
            if (!unfetched.isEmpty()) {
                start(unfetched.poll());
            } else if (!unlisted.isEmpty()) {
                String sessionId = unlisted.poll();
                String item = "session " + sessionId;
                try {
                    EusatePaths.requireValidId("sessionId", sessionId);
                } catch (IllegalArgumentException e) {
                    sessionsListed++;
                    itemFailed(item, e);
                    continue;
                }
                request(() -> source.list(sessionId), listing -> {
                    listed(sessionId, listing);
                    itemsThrough.add(item);
                }, e -> {
                    sessionsListed++;
                    requestFailed(item, e);
                });
            } else {
                return;
            }
        }
    }

    private <T> void start(Fetch<T> fetch) {
        request(fetch.request(), result -> {
            fetched++;
            open(fetch.lane().apply(result));
        }, e -> {
            fetched++;
            requestFailed(fetch.item(), e);
        });
    }

    /** Runs a request on a request thread; its outcome comes back as an event. */
    private <T> void request(Supplier<T> request, Consumer<T> onResult, Consumer<RuntimeException> onFailure) {
        requestsInFlight++;
        requests++;
        Runnable task = () -> {
            Runnable outcome;
            try {
                T result = request.get();
                outcome = () -> onResult.accept(result);
            } catch (RuntimeException e) {
                outcome = () -> onFailure.accept(e);
            }
            Runnable then = outcome;
            events.add(() -> {
                requestsInFlight--;
                try {
                    then.run();
                } catch (IllegalArgumentException e) {
                    onFailure.accept(e); // an id in the answer that cannot be used: that item's failure
                } catch (RuntimeException e) {
                    sourceFailed(e); // the consumer's state could not be read or written
                }
            });
        };
        try {
            requestThreads.execute(task);
        } catch (RejectedExecutionException e) {
            // the consumer is stopping: what is not asked now is asked by the first poll after its restart
            requestsInFlight--;
            requests--;
        }
    }

    private void listed(String sessionId, ConversationListing listing) {
        sessionsListed++;
        listed += listing.conversations().size();
        source.plan(sessionId, listing, plan);
    }

    private void open(Lane lane) {
        lanesOpen++;
        ready.add(lane);
    }

    /** Hands ready lanes to delivery threads, at most exchangesInFlight delivering at once. */
    private void startLanes() {
        while (lanesDelivering < exchangesInFlight && !ready.isEmpty()) {
            Lane lane = ready.poll();
            lanesDelivering++;
            deliverOn(lane);
        }
    }

    // ---- delivery, on the delivery threads: one lane, one exchange at a time

    private void deliverOn(Lane lane) {
        try {
            deliveryThreads.execute(() -> drive(lane));
        } catch (RejectedExecutionException e) {
            events.add(() -> {
                lane.close(false);
                finished(lane, false, null);
            });
        }
    }

    /**
     * Sends the lane's exchanges one after the other. When one completes later, the lane goes on in its callback, on the
     * thread that completed it (as Camel's own EIPs do), so an asynchronous sink costs no hand-off back per exchange.
     */
    private void drive(Lane lane) {
        while (true) {
            boolean complete;
            try {
                complete = !lane.hasNext();
                if (complete || !isGoing() || !takeExchange()) {
                    end(lane, complete, null, null);
                    return;
                }
            } catch (RuntimeException e) {
                end(lane, false, null, e);
                return;
            }
            Exchange exchange;
            try {
                exchange = lane.next();
            } catch (RuntimeException e) {
                end(lane, false, null, e);
                return;
            }
            boolean sync = process(exchange, doneSync -> {
                if (!doneSync && completed(lane, exchange)) {
                    drive(lane);
                }
            });
            if (!sync || !completed(lane, exchange)) {
                return;
            }
        }
    }

    /** Routes an exchange; an exception thrown instead of reported through the callback fails that exchange. */
    private boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            return source.process(exchange, callback);
        } catch (Throwable e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    /** One of the lane's exchanges completed: commits it; false (and the lane ended) when it failed. */
    private boolean completed(Lane lane, Exchange exchange) {
        try {
            Exception failure = failureOf(exchange);
            if (failure != null) {
                end(lane, false, RuntimeCamelException.wrapRuntimeCamelException(failure), null);
                return false;
            }
            lane.delivered(exchange);
            delivered.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            end(lane, false, null, e);
            return false;
        } finally {
            source.release(exchange);
        }
    }

    /**
     * Why a completed exchange did not succeed; null when it succeeded (an exception the route's error handler handled
     * counts as success, as everywhere in Camel). The route's error handler has reported it already.
     */
    private static Exception failureOf(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure == null && exchange.isRollbackOnly()) {
            failure = new RollbackExchangeException("The route marked the exchange rollback only", exchange);
        }
        return failure;
    }

    /** Counts one more exchange against maxMessagesPerPoll; false when none is left. */
    private boolean takeExchange() {
        if (maxExchanges <= 0) {
            emitted.incrementAndGet();
            return true;
        }
        int before = emitted.getAndUpdate(n -> n < maxExchanges ? n + 1 : n);
        return before < maxExchanges;
    }

    /**
     * The lane ends for this poll: its last commit, then the books on the polling thread.
     *
     * @param exchangeFailed why its last exchange failed (the item's failure), or null
     * @param stateFailed    why its state could not be read or committed (the consumer's failure), or null
     */
    private void end(Lane lane, boolean complete, RuntimeException exchangeFailed, RuntimeException stateFailed) {
        RuntimeException problem = stateFailed;
        try {
            lane.close(complete);
        } catch (RuntimeException e) {
            problem = problem == null ? e : problem;
        }
        RuntimeException consumerFailure = problem;
        events.add(() -> {
            finished(lane, complete, exchangeFailed);
            if (consumerFailure != null) {
                sourceFailed(consumerFailure);
            }
        });
    }

    private void finished(Lane lane, boolean complete, RuntimeException exchangeFailed) {
        lanesDelivering--;
        lanesOpen--;
        if (exchangeFailed != null) {
            itemFailed(lane.item(), exchangeFailed);
        } else if (complete) {
            itemsThrough.add(lane.item());
        }
    }

    // ---- the books, on the polling thread

    private void close(Lane lane, boolean complete) {
        lanesOpen--;
        try {
            lane.close(complete);
        } catch (RuntimeException e) {
            sourceFailed(e);
        }
    }

    /** A list or fetch failed: its item's failure, unless the API rejected the key, which fails them all. */
    private void requestFailed(String item, RuntimeException e) {
        if (e instanceof EusateApiException api && api.getHttpResponseCode() == 401) {
            sourceFailed(e);
            return;
        }
        if (isUnanswered(e)) {
            unanswered++;
        }
        itemFailed(item, e);
    }

    /** A request that got no usable answer: no connection, its deadline, or 429 or a 5xx once its retries ran out. */
    private static boolean isUnanswered(RuntimeException e) {
        return e instanceof EusateIoException
               || e instanceof EusateApiException api && (api.getHttpResponseCode() == 429 || api.getHttpResponseCode() >= 500);
    }

    private void itemFailed(String item, RuntimeException e) {
        count(e);
        itemFailures.putIfAbsent(item, e);
    }

    private void sourceFailed(RuntimeException e) {
        count(e);
        if (sourceFailure == null) {
            sourceFailure = e;
        }
    }

    private void count(RuntimeException e) {
        failures++;
        if (firstFailure == null) {
            firstFailure = e;
        }
    }
}
