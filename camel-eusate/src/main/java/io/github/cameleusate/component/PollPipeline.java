package io.github.cameleusate.component;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.cameleusate.client.ConversationListing;
import io.github.cameleusate.client.EusatePaths;
import io.github.cameleusate.model.Conversation;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of an eusate consumer: a pipeline bounded by {@code concurrency}, driven by the polling thread.
 * <ul>
 * <li><b>Requests</b>: the sessions' conversation lists (a paginated list follows its pages in order) and the message
 * fetches they call for, at most {@code concurrency} in flight on the consumer's request threads. A session's fetches
 * start as soon as its list is in, ahead of the lists still to come.</li>
 * <li><b>Lanes</b>: what one conversation (for conversation changes: one session) has to deliver, in order. At most
 * {@code concurrency} lanes deliver at once, in the order their data arrived, so a slow fetch or a slow exchange holds
 * back only its own lane. A lane sends one exchange at a time through Camel's asynchronous routing engine on a delivery
 * thread, commits its position once that exchange completed, and goes on with the next; an exchange that completes
 * asynchronously (camel-kafka's producer, say) frees the thread until it does. A failed exchange ends its lane for this
 * poll.</li>
 * </ul>
 * The polling thread plans (it alone reads the state to decide what changed) and keeps the books; request threads and
 * lanes report back through one queue of events. Fetched lanes not yet delivered are bounded (twice
 * {@code concurrency}), so a slow sink holds back the requests rather than filling the heap.
 */
final class PollPipeline {

    /**
     * What one conversation (or one session's conversation changes) delivers, one exchange at a time, in order. A lane is
     * used by one thread at a time, not always the same one.
     */
    interface Lane {

        boolean hasNext();

        /** The exchange of the next item; only called when {@link #hasNext()}. */
        Exchange next();

        /** The exchange last returned by {@link #next()} completed successfully: commit its position. */
        void delivered(Exchange exchange);

        /** Nothing more is delivered from this lane in this poll; {@code complete} when every item was delivered. */
        void close(boolean complete);
    }

    /** What a session's listing calls for: lanes to deliver, and fetches whose results become lanes. */
    interface Plan {

        /** {@code conversations} of the session changed since the consumer's last delivery. */
        void changed(int conversations);

        void lane(Lane lane);

        /**
         * Runs {@code request} on a request thread; its result becomes a lane on the polling thread.
         *
         * @param what names what is fetched in log lines, e.g. "the messages of conversation c in session s"
         */
        <T> void fetch(String what, Supplier<T> request, Function<T, Lane> lane);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PollPipeline.class);
    /** How often a wait for events looks whether the consumer is being stopped. */
    private static final long STOP_CHECK_MILLIS = 100;
    /** How often the progress gauges are brought up to date while a poll runs. */
    private static final long GAUGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Fetch<T>(String what, Supplier<T> request, Function<T, Lane> lane) {
    }

    private final EusatePollingConsumer consumer;
    private final int concurrency;
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

    /** @param progressInterval how often a long poll logs its progress, in ms; 0: never */
    PollPipeline(EusatePollingConsumer consumer, Collection<String> sessionIds, int concurrency, int maxExchanges,
                 long progressInterval) {
        this.consumer = consumer;
        this.progressNanos = TimeUnit.MILLISECONDS.toNanos(progressInterval);
        this.unlisted = new ArrayDeque<>(sessionIds);
        this.sessions = sessionIds.size();
        this.concurrency = concurrency;
        this.maxExchanges = maxExchanges;
    }

    /**
     * Runs the poll until everything is delivered, or the consumer stops (then until the lanes delivering have committed
     * their exchanges in flight).
     *
     * @return the exchanges delivered
     * @throws RuntimeException the first failure (of a list, a fetch or an exchange), once everything else is done
     */
    int run() {
        long started = System.nanoTime();
        long nextGauge = started + GAUGE_NANOS;
        long nextLine = progressNanos > 0 ? started + progressNanos : Long.MAX_VALUE;
        try {
            while (true) {
                boolean going = consumer.isDeliveryAllowed() && !isExhausted();
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
                    consumer.progress(progress);
                    nextGauge = now + GAUGE_NANOS;
                    if (line) {
                        LOG.info("{}: polling for {} s: {}", consumer.name(), TimeUnit.NANOSECONDS.toSeconds(now - started),
                                progress);
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
        consumer.progress(progress(elapsed));
        consumer.polled(firstFailure != null, elapsed);
        LOG.info("{}: {} session(s), {} conversations listed, {} changed, {} exchanges delivered, {} requests in {} ms{}{}",
                consumer.name(), sessions, listed, changed, delivered.get(), requests, elapsed / 1_000_000,
                isExhausted() ? " (maxMessagesPerPoll reached, the rest follows)" : "",
                firstFailure != null ? " (" + failures + " failed, the first: " + firstFailure.getMessage() + ")" : "");
        if (firstFailure != null) {
            throw firstFailure;
        }
        return delivered.get();
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
        public <T> void fetch(String what, Supplier<T> request, Function<T, Lane> lane) {
            fetches++;
            unfetched.add(new Fetch<>(what, request, lane));
        }
    };

    // ---- requests, on the polling thread

    private boolean isExhausted() {
        return maxExchanges > 0 && emitted.get() >= maxExchanges;
    }

    /** Fetches first (their lanes are next to deliver), then lists; within the bounds. */
    private void startRequests() {
        while (requestsInFlight < concurrency && lanesOpen + requestsInFlight < 2 * concurrency) {
            if (!unfetched.isEmpty()) {
                start(unfetched.poll());
            } else if (!unlisted.isEmpty()) {
                String sessionId = unlisted.poll();
                try {
                    EusatePaths.requireValidId("sessionId", sessionId);
                } catch (IllegalArgumentException e) {
                    LOG.warn("Not polling a session: {}", e.getMessage());
                    sessionsListed++;
                    failed(e);
                    continue;
                }
                request(() -> consumer.listConversations(sessionId), listing -> listed(sessionId, listing), e -> {
                    sessionsListed++;
                    failed("session " + sessionId, "Listing the conversations of session " + sessionId, e);
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
            failed(fetch.what(), "Fetching " + fetch.what(), e);
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
                } catch (RuntimeException e) {
                    onFailure.accept(e);
                }
            });
        };
        try {
            consumer.requestThreads().execute(task);
        } catch (RejectedExecutionException e) {
            requestsInFlight--;
            onFailure.accept(new IllegalStateException("The consumer is stopping: no more requests", e));
        }
    }

    private void listed(String sessionId, ConversationListing listing) {
        sessionsListed++;
        listed += listing.conversations().size();
        consumer.listed(sessionId, listing, plan);
    }

    private void open(Lane lane) {
        lanesOpen++;
        ready.add(lane);
    }

    /** Hands ready lanes to delivery threads, at most concurrency delivering at once. */
    private void startLanes() {
        while (lanesDelivering < concurrency && !ready.isEmpty()) {
            Lane lane = ready.poll();
            lanesDelivering++;
            deliverOn(lane);
        }
    }

    // ---- delivery, on the delivery threads: one lane, one exchange at a time

    private void deliverOn(Lane lane) {
        try {
            consumer.deliveryThreads().execute(() -> drive(lane));
        } catch (RejectedExecutionException e) {
            events.add(() -> finished(lane, new IllegalStateException("The consumer is stopping: no more deliveries", e)));
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
                if (complete || !consumer.isDeliveryAllowed() || !takeExchange()) {
                    end(lane, complete, null);
                    return;
                }
            } catch (RuntimeException e) {
                end(lane, false, e);
                return;
            }
            Exchange exchange;
            try {
                exchange = lane.next();
            } catch (RuntimeException e) {
                end(lane, false, e);
                return;
            }
            boolean sync = consumer.process(exchange, doneSync -> {
                if (!doneSync && completed(lane, exchange)) {
                    drive(lane);
                }
            });
            if (!sync || !completed(lane, exchange)) {
                return;
            }
        }
    }

    /** One of the lane's exchanges completed: commits it; false (and the lane ended) when it failed. */
    private boolean completed(Lane lane, Exchange exchange) {
        try {
            Exception failure = consumer.failureOf(exchange);
            if (failure != null) {
                end(lane, false, RuntimeCamelException.wrapRuntimeCamelException(failure));
                return false;
            }
            lane.delivered(exchange);
            delivered.incrementAndGet();
            return true;
        } catch (RuntimeException e) {
            end(lane, false, e);
            return false;
        } finally {
            consumer.releaseExchange(exchange, false);
        }
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

    /** The lane ends for this poll: its last commit, then the books on the polling thread. */
    private void end(Lane lane, boolean complete, RuntimeException failure) {
        RuntimeException problem = failure;
        try {
            lane.close(complete);
        } catch (RuntimeException e) {
            problem = problem == null ? e : problem;
        }
        RuntimeException reported = problem;
        events.add(() -> finished(null, reported));
    }

    private void finished(Lane unclosed, RuntimeException failure) {
        lanesDelivering--;
        lanesOpen--;
        if (unclosed != null) {
            unclosed.close(false);
        }
        if (failure != null) {
            failed(failure);
        }
    }

    // ---- the books, on the polling thread

    private void close(Lane lane, boolean complete) {
        lanesOpen--;
        try {
            lane.close(complete);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** A list or fetch failed: a 403 or 404 skips that one session or conversation; anything else fails the poll. */
    private void failed(String what, String action, RuntimeException e) {
        if (EusatePollingConsumer.isForbiddenOrGone(e)) {
            consumer.countSkipped();
            LOG.warn("Skipped {}: {}", what, e.getMessage());
        } else {
            LOG.warn("{} failed: {}", action, e.getMessage());
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        consumer.failed(e);
        failures++;
        if (firstFailure == null) {
            firstFailure = e;
        }
    }
}
