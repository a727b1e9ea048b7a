package io.github.cameleusate.component;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

import io.github.cameleusate.sync.ChangeType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;

/**
 * The component's meters on a Micrometer registry. Session ids become tag values only for the first
 * {@code maxSessionTags} sessions seen; the rest share the value {@value #OTHER_SESSIONS}, so a consumer of thousands of
 * sessions cannot flood the registry. The only class of the component that uses Micrometer: it is loaded only where a
 * registry is given, so Micrometer is an optional dependency.
 */
final class MicrometerMetrics implements EusateMetrics {

    static final String OTHER_SESSIONS = "other";

    private final MeterRegistry registry;
    private final int maxSessionTags;
    private final Set<String> taggedSessions = ConcurrentHashMap.newKeySet();
    private volatile boolean tagsFull;
    private final Map<String, AtomicLong> newestDelivered = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<PollProgress>> polls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> backedOff = new ConcurrentHashMap<>();
    // looked up once per route and session rather than built and registered again for every message
    private final Map<String, Counter> messagesDelivered = new ConcurrentHashMap<>();

    MicrometerMetrics(MeterRegistry registry, int maxSessionTags) {
        this.registry = registry;
        this.maxSessionTags = maxSessionTags;
    }

    /** Metrics on the component's meterRegistry option, which is typed Object so that Micrometer stays optional. */
    static MicrometerMetrics on(Object registry, int maxSessionTags) {
        if (!(registry instanceof MeterRegistry meterRegistry)) {
            throw new IllegalArgumentException("Option meterRegistry of the eusate component must be an "
                    + MeterRegistry.class.getName() + ", got a " + registry.getClass().getName());
        }
        return new MicrometerMetrics(meterRegistry, maxSessionTags);
    }

    /** The one MeterRegistry in the Camel registry, or null when there is none or several. */
    static MeterRegistry lookup(CamelContext context) {
        return context.getRegistry().findSingleByType(MeterRegistry.class);
    }

    @Override
    public void requested(String operation, int status, long nanos) {
        Timer.builder("eusate.api.requests")
                .description("Requests to the Eusate API, by operation and HTTP status (0: no response)")
                .tag("operation", operation).tag("status", Integer.toString(status))
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void retrying(String operation, int status) {
        Counter.builder("eusate.api.retries")
                .description("Requests to the Eusate API tried again, by operation and the HTTP status that failed (0: no response)")
                .tag("operation", operation).tag("status", Integer.toString(status))
                .register(registry).increment();
    }

    @Override
    public void rateLimited(boolean paced, long nanos) {
        Timer.builder("eusate.api.rate.limit.waits")
                .description("Waits before a request for the API's rate limit: paced by maxRequestsPerSecond, or after HTTP 429")
                .tag("cause", paced ? "pacing" : "http_429")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void polled(String route, String operation, boolean failed, long nanos) {
        Timer.builder("eusate.poll")
                .description("Polls of the eusate consumers, by route and outcome")
                .tag("route", route).tag("operation", operation).tag("outcome", failed ? "failure" : "success")
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void pollProgress(String route, PollProgress progress) {
        polls.computeIfAbsent(route, this::registerProgress).set(progress);
    }

    /** The gauges of a route's poll progress, registered on its first poll, reading the latest progress. */
    private AtomicReference<PollProgress> registerProgress(String route) {
        AtomicReference<PollProgress> latest = new AtomicReference<>();
        Map<String, ToDoubleFunction<PollProgress>> counts = Map.of(
                "sessions", PollProgress::sessions, "sessions_listed", PollProgress::sessionsListed,
                "conversations_to_fetch", PollProgress::fetches, "conversations_fetched", PollProgress::fetched,
                "exchanges_delivered", PollProgress::delivered);
        counts.forEach((of, count) -> Gauge.builder("eusate.poll.progress", latest, l -> count.applyAsDouble(l.get()))
                .description("How far the current (or last) poll of a consumer got, by count")
                .tag("route", route).tag("of", of).strongReference(true).register(registry));
        TimeGauge.builder("eusate.poll.remaining", latest, TimeUnit.MILLISECONDS, l -> {
            Duration remaining = l.get().remaining();
            return remaining == null ? Double.NaN : remaining.toMillis();
        }).description("The estimated time left of the current poll of a consumer (0 once it ended)")
                .tag("route", route).strongReference(true).register(registry);
        return latest;
    }

    @Override
    public void backedOff(String route, int items) {
        backedOff.computeIfAbsent(route, r -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("eusate.backed.off", count, AtomicInteger::get)
                    .description("Sessions and conversations a consumer backs off on their own because they kept failing")
                    .tag("route", r).strongReference(true).register(registry);
            return count;
        }).set(items);
    }

    @Override
    public void messageDelivered(String route, String sessionId, OffsetDateTime created) {
        String session = sessionTag(sessionId);
        messagesDelivered.computeIfAbsent(route + '\n' + session, key -> Counter.builder("eusate.messages.delivered")
                .description("Messages delivered by the eusate consumers")
                .tag("route", route).tag("session", session)
                .register(registry)).increment();
        newest(route, session, created);
    }

    @Override
    public void conversationChangeDelivered(String route, String sessionId, ChangeType change, OffsetDateTime latest) {
        String session = sessionTag(sessionId);
        Counter.builder("eusate.conversation.changes.delivered")
                .description("Conversation changes delivered by the eusate consumers, by change type")
                .tag("route", route).tag("session", session).tag("change", change.name())
                .register(registry).increment();
        newest(route, session, latest);
    }

    /**
     * The tag value of a session: its id while fewer than maxSessionTags are tagged, else "other". Only the tagged ids
     * are kept: the sessions beyond the cap cost nothing here, however many there are.
     */
    String sessionTag(String sessionId) {
        if (taggedSessions.contains(sessionId)) {
            return sessionId;
        }
        if (!tagsFull) {
            synchronized (taggedSessions) {
                if (taggedSessions.size() < maxSessionTags) {
                    taggedSessions.add(sessionId);
                    return sessionId;
                }
                tagsFull = true;
            }
        }
        return OTHER_SESSIONS;
    }

    /** How many session ids have their own tag. */
    int taggedSessions() {
        return taggedSessions.size();
    }

    /** Registers the sync lag gauge of a route and session on its first delivery, then moves its newest time ahead. */
    private void newest(String route, String session, OffsetDateTime created) {
        if (created == null) {
            return;
        }
        long millis = created.toInstant().toEpochMilli();
        newestDelivered.computeIfAbsent(route + '\n' + session, key -> {
            AtomicLong newest = new AtomicLong(millis);
            TimeGauge.builder("eusate.sync.lag", newest, TimeUnit.MILLISECONDS,
                    n -> System.currentTimeMillis() - n.get())
                    .description("Now minus date_created of the newest message delivered, by route and session")
                    .tag("route", route).tag("session", session)
                    .strongReference(true)
                    .register(registry);
            return newest;
        }).accumulateAndGet(millis, Math::max);
    }
}
