package io.github.cameleusate.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.cameleusate.simulator.Fault;
import io.github.cameleusate.simulator.FaultTarget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumers' meters, read from a Micrometer registry set on the component. */
class EusateMetricsTest extends SimulatorTestSupport {

    private static final String FAST = "&startScheduler=false&retryDelay=10&maxRetryDelay=200&maxRequestsPerSecond=0";

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void recordOnTheTestRegistry() {
        context().getComponent("eusate", EusateComponent.class).setMeterRegistry(registry);
    }

    @Test
    void requestsRetriesRateLimitWaitsPollsAndDeliveriesAreCounted() throws Exception {
        simulator.addConversation("s-1", "c-1");
        simulator.addMessage("s-1", "c-1", "customer", "hi");
        simulator.addMessage("s-1", "c-1", "agent", "hello");
        simulator.injectFault(Fault.RATE_LIMITED, FaultTarget.LIST, 1);

        assertEquals(2, startConsumer("eusate:messages?sessionId=s-1" + FAST).poll());

        assertEquals(1, count("eusate.api.requests", "operation", "conversations", "status", "429"));
        assertEquals(1, count("eusate.api.requests", "operation", "conversations", "status", "200"));
        assertEquals(1, count("eusate.api.requests", "operation", "messages", "status", "200"));
        assertEquals(1, registry.get("eusate.api.retries").tags("operation", "conversations", "status", "429")
                .counter().count());
        assertEquals(1, count("eusate.api.rate.limit.waits", "cause", "http_429"));
        assertEquals(2, registry.get("eusate.messages.delivered").tags("route", "sync", "session", "s-1").counter().count());
        assertEquals(1, count("eusate.poll", "route", "sync", "operation", "messages", "outcome", "success"));
        double lag = registry.get("eusate.sync.lag").tags("route", "sync", "session", "s-1").timeGauge()
                .value(TimeUnit.MILLISECONDS);
        long newest = simulator.messages("s-1", "c-1").get(1).dateCreated().toInstant().toEpochMilli();
        assertTrue(lag >= 0 && lag <= System.currentTimeMillis() - newest, "lag " + lag + " ms");
    }

    @Test
    void aFailedPollIsTimedAsAFailure() throws Exception {
        simulator.addConversation("s-1", "c-1");
        simulator.injectFault(Fault.SERVER_ERROR, FaultTarget.LIST, 10);

        EusatePollingConsumer consumer = startConsumer("eusate:conversations?sessionId=s-1&maxRetries=1" + FAST);

        assertTrue(assertThrows(RuntimeException.class, consumer::poll).getMessage()
                .contains("HTTP 5"));
        assertEquals(1, count("eusate.poll", "route", "sync", "operation", "conversations", "outcome", "failure"));
        assertEquals(1, registry.get("eusate.api.retries").counters().stream().mapToDouble(c -> c.count()).sum());
        assertNull(registry.find("eusate.conversation.changes.delivered").counter());
    }

    @Test
    void pacedRequestsAreCountedAsRateLimitWaits() throws Exception {
        for (String id : List.of("c-1", "c-2", "c-3")) {
            simulator.addConversation("s-1", id);
            simulator.addMessage("s-1", id, "customer", "hi");
        }

        startConsumer("eusate:messages?sessionId=s-1&startScheduler=false&maxRequestsPerSecond=20&concurrency=1").poll();

        assertTrue(count("eusate.api.rate.limit.waits", "cause", "pacing") >= 2,
                "4 requests 50 ms apart wait at least 3 times for their slot, less timer slack");
    }

    @Test
    void sessionsBeyondMaxSessionTagsShareOneTag() throws Exception {
        context().getComponent("eusate", EusateComponent.class).setMaxSessionTags(2);
        for (String session : List.of("s-1", "s-2", "s-3", "s-4")) {
            simulator.addConversation(session, "c-1");
        }

        assertEquals(4, startConsumer("eusate:conversations?sessionIds=s-1,s-2,s-3,s-4" + FAST).poll());

        // the first two sessions delivered, whichever they are, get their own tag; the rest share one
        List<String> tags = registry.find("eusate.conversation.changes.delivered").counters().stream()
                .map(c -> c.getId().getTag("session")).sorted().toList();
        assertEquals(3, tags.size(), tags.toString());
        assertEquals("other", tags.get(0));
        assertTrue(List.of("s-1", "s-2", "s-3", "s-4").containsAll(tags.subList(1, 3)), tags.toString());
        assertEquals(2, registry.get("eusate.conversation.changes.delivered").tags("session", "other", "change", "CREATED")
                .counter().count());
    }

    @Test
    void theSessionsBeyondTheCapAreNotRetained() {
        MicrometerMetrics metrics = new MicrometerMetrics(registry, 2);
        for (int s = 0; s < 10_000; s++) {
            metrics.sessionTag("s-" + s);
        }

        assertEquals(2, metrics.taggedSessions(), "a consumer of many sessions keeps the ids of the tagged ones only");
        assertEquals("s-1", metrics.sessionTag("s-1"));
        assertEquals("other", metrics.sessionTag("s-2"));
    }

    @Test
    void aLongPollLogsItsProgressAndShowsItAsGauges() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int s = 1; s <= 30; s++) {
            sessions.add("s-" + s);
            simulator.addConversation("s-" + s, "c-1");
            simulator.addMessage("s-" + s, "c-1", "customer", "hi");
        }
        simulator.setLatency(Duration.ofMillis(100));
        // 60 requests of 100 ms, two at a time: about 3 s, a progress line every 700 ms
        EusatePollingConsumer consumer = startConsumer("eusate:messages?sessionIds=" + String.join(",", sessions)
                                                       + "&concurrency=2&progressInterval=700" + FAST);
        List<Double> listedWhilePolling = new CopyOnWriteArrayList<>();
        ScheduledExecutorService scrape = Executors.newSingleThreadScheduledExecutor();
        scrape.scheduleAtFixedRate(() -> {
            Gauge listed = registry.find("eusate.poll.progress").tags("route", "sync", "of", "sessions_listed").gauge();
            if (listed != null) {
                listedWhilePolling.add(listed.value());
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            assertEquals(30, consumer.poll());
        } finally {
            scrape.shutdownNow();
        }

        List<String> lines = logs.linesContaining("sync: polling for ");
        assertTrue(lines.size() >= 2, lines.toString());
        assertTrue(lines.get(0).matches(".*sync: polling for \\d+ s: \\d+ of 30 sessions listed, \\d+ of \\d+ conversations"
                                        + " fetched, \\d+ exchanges delivered, about \\d+ s left"), lines.get(0));
        assertTrue(listedWhilePolling.stream().anyMatch(n -> n > 0 && n < 30),
                "the gauge moved while the poll ran: " + listedWhilePolling);
        assertEquals(30, progress("sessions"));
        assertEquals(30, progress("sessions_listed"));
        assertEquals(30, progress("conversations_to_fetch"));
        assertEquals(30, progress("conversations_fetched"));
        assertEquals(30, progress("exchanges_delivered"));
        assertEquals(0, registry.get("eusate.poll.remaining").tags("route", "sync").timeGauge().value(TimeUnit.MILLISECONDS));
    }

    @Test
    void theOnlyMeterRegistryInTheCamelRegistryIsAutowired() throws Exception {
        try (CamelContext other = new DefaultCamelContext()) {
            other.getRegistry().bind("meters", registry);
            other.start();

            assertSame(registry, other.getComponent("eusate", EusateComponent.class).getMeterRegistry());
        }
    }

    private double progress(String of) {
        return registry.get("eusate.poll.progress").tags("route", "sync", "of", of).gauge().value();
    }

    private long count(String timer, String... tags) {
        return registry.get(timer).tags(Tags.of(tags)).timer().count();
    }

    private EusatePollingConsumer startConsumer(String uri) throws Exception {
        context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("sync").to("mock:out");
            }
        });
        return (EusatePollingConsumer) context().getRoute("sync").getConsumer();
    }
}
