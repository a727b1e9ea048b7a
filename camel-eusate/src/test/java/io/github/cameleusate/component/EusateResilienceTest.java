package io.github.cameleusate.component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.cameleusate.client.EusateApiException;
import io.github.cameleusate.simulator.Fault;
import io.github.cameleusate.simulator.FaultTarget;
import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.support.CapturedLogs;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, pacing, hostile answers, secrets and bad configuration, against the simulator's fault modes. */
class EusateResilienceTest extends SimulatorTestSupport {

    /** Fast retries and a short read timeout, so faults cost milliseconds. */
    private static final String FAST = "&retryDelay=10&maxRetryDelay=200&readTimeout=300&maxRequestsPerSecond=0";

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = { "RATE_LIMITED", "SERVER_ERROR", "CONNECTION_RESET", "HANG" })
    void transientFaultsAreRetriedUntilTheAnswerComes(Fault fault) {
        simulator.addConversation("s-1", "c-1");
        simulator.setHang(Duration.ofSeconds(1));
        simulator.injectFault(fault, FaultTarget.LIST, 2);

        List<?> conversations = template().requestBody("eusate:conversations?sessionId=s-1" + FAST, null, List.class);

        assertEquals(1, conversations.size());
        assertEquals(3, simulator.requests().size(), simulator.requests().toString());
    }

    @Test
    void retriesStopAtMaxRetries() {
        simulator.injectFault(Fault.SERVER_ERROR, FaultTarget.ANY, 10);

        Exchange exchange = template().send("eusate:conversations?sessionId=s-1&maxRetries=2" + FAST, e -> {
        });

        EusateApiException e = assertInstanceOf(EusateApiException.class, exchange.getException());
        assertTrue(e.getHttpResponseCode() >= 500);
        assertEquals(3, simulator.requests().size());
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 404 })
    void clientErrorsAreNotRetried(int status) {
        simulator.respondNextWith(status, "application/json", "{\"detail\": \"no\"}");

        Exchange exchange = template().send("eusate:conversations?sessionId=s-1" + FAST, e -> {
        });

        assertEquals(status, assertInstanceOf(EusateApiException.class, exchange.getException()).getHttpResponseCode());
        assertEquals(1, simulator.requests().size());
    }

    @Test
    void endpointsSharingAnApiKeyShareOnePace() {
        simulator.addConversation("s-1", "c-1");
        long start = System.nanoTime();

        // 11 requests from two endpoints at 20 per second: the last cannot leave before 10 intervals of 50 ms
        List<CompletableFuture<Object>> calls = IntStream.range(0, 11).mapToObj(i -> template().asyncRequestBody(
                "eusate:conversations?sessionId=s-1&maxRequestsPerSecond=20&connectTimeout=" + (i % 2 == 0 ? "5s" : "6s"),
                null)).toList();
        calls.forEach(CompletableFuture::join);

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(500).toNanos(), "paced to 20 requests per second");
        assertEquals(11, simulator.requests().size());
    }

    static Stream<Arguments> hostileBodies() {
        byte[] invalidUtf8 = { '[', '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']' };
        return Stream.of(
                Arguments.of("a body over maxResponseSize", ("[" + "{\"id\": \"c\"},".repeat(1000) + "{\"id\": \"c\"}]")
                        .getBytes(StandardCharsets.UTF_8), "larger than maxResponseSize, 4096 bytes"),
                // in a field the model does not know, which is kept as whatever JSON it holds
                Arguments.of("deeply nested JSON", ("[{\"id\": \"c\", \"extra\": " + "[".repeat(1500) + "]".repeat(1500)
                                                    + "}]").getBytes(StandardCharsets.UTF_8), "nesting depth"),
                Arguments.of("invalid UTF-8", invalidUtf8, "UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileBodies")
    void hostileBodiesFailClearly(String what, byte[] body, String expected) {
        simulator.respondNextWith(path -> true, 200, "application/json", body);

        Exchange exchange = template().send("eusate:conversations?sessionId=s-1&maxResponseSize=4096" + FAST, e -> {
        });

        EusateApiException e = assertInstanceOf(EusateApiException.class, exchange.getException());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, simulator.requests().size(), "a hostile body is not retried");
    }

    @Test
    void theHeaderLogShowsTheAuthorizationHeaderWithoutTheKey() {
        CapturedLogs headerLog = new CapturedLogs("org.apache.hc.client5.http.headers");
        simulator.addConversation("s-1", "c-1");
        headerLog.start();
        try {
            template().requestBody("eusate:conversations?sessionId=s-1", null, List.class);
        } finally {
            headerLog.stop();
        }

        List<String> authorization = headerLog.linesContaining("Authorization");
        assertFalse(authorization.isEmpty(), "HttpClient's header log at DEBUG names the Authorization header");
        authorization.forEach(line -> assertTrue(line.contains("Bearer <hidden>"), line));
        assertEquals(List.of(), headerLog.linesContaining(API_KEY));
    }

    @Test
    void wireLoggingWouldLeakTheKeySoTheEndpointRefusesToStart() {
        Logger wire = Logger.getLogger("org.apache.hc.client5.http.wire");
        Level before = wire.getLevel();
        wire.setLevel(Level.ALL);
        try {
            Exception e = assertThrows(Exception.class,
                    () -> context().getEndpoint("eusate:conversations?sessionId=s-1").start());
            assertTrue(rootCause(e).getMessage().contains("HTTP wire logging"), rootCause(e).getMessage());
        } finally {
            wire.setLevel(before);
        }
    }

    @Test
    void loopbackNeedsNoTls() throws Exception {
        for (String host : List.of("localhost", "127.0.0.1", "127.255.0.9", "[::1]")) {
            context().getEndpoint("eusate:conversations?sessionId=s&baseUrl=http://" + host + ":1").start();
        }
    }

    @Test
    void anAnswerThatTricklesIsAbortedAtItsDeadlineFailingOnlyItsSession() throws Exception {
        simulator.addConversation("s-slow", "c-1");
        simulator.addMessage("s-slow", "c-1", "customer", "a message long enough to trickle for minutes");
        simulator.addConversation("s-ok", "c-2");
        simulator.addMessage("s-ok", "c-2", "customer", "hi");
        simulator.setTrickle(Duration.ofMillis(200));
        simulator.injectFault(Fault.TRICKLE, path -> path.contains("/s-slow/"), 10);
        EusatePollingConsumer consumer = startConsumer("eusate:messages?sessionIds=s-slow,s-ok&requestTimeout=1500");

        long started = System.nanoTime();
        assertEquals(1, consumer.poll(), "one session's failure is not the poll's");
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(1, logs.linesContaining("session s-slow failed and is backed off on its own").stream()
                .filter(l -> l.contains("not answered in full within requestTimeout, 1500 ms")).count());
        assertEquals(List.of(simulator.messages("s-ok", "c-2").get(0).id()), getMockEndpoint("mock:out").getExchanges()
                .stream().map(e -> e.getMessage().getHeader(EusateConstants.MESSAGE_ID)).toList(),
                "the other session's message came in the same poll");
        assertEquals(1, simulator.requests().stream().filter(r -> "s-slow".equals(r.sessionId())).count(),
                "aborted at its deadline, not retried in the same poll");
        // the answer alone would take minutes; the poll waits for it no longer than its deadline (with room to spare)
        assertTrue(tookMillis < 10_000, tookMillis + " ms");
    }

    @Test
    void insecureHttpIsAllowedWhenAskedFor() throws Exception {
        context().getEndpoint("eusate:conversations?sessionId=s&allowInsecureHttp=true&baseUrl=http://api.example.invalid")
                .start();
    }

    static Stream<Arguments> invalidConsumers() {
        return Stream.of(
                Arguments.of("eusate:messages?sessionId=s&delay=0", "Option delay must be positive, got 0"),
                Arguments.of("eusate:messages?sessionId=s&concurrency=0", "Option concurrency must be 1 or more, got 0"),
                Arguments.of("eusate:messages?sessionId=s&maxExchangesInFlight=-1",
                        "Option maxExchangesInFlight must be 0 or more, got -1"),
                Arguments.of("eusate:messages?sessionId=s&maxPages=0", "Option maxPages must be 1 or more, got 0"),
                Arguments.of("eusate:messages", "No session to poll: set the option sessionIds"),
                Arguments.of("eusate:messages?sessionIds=a,..", "Invalid sessionId '..'"),
                Arguments.of("eusate:conversations?sessionId=s&removalConfirmations=0",
                        "Option removalConfirmations must be 1 or more, got 0"),
                Arguments.of("eusate:messages?sessionId=s&lateArrivalWindow=-1",
                        "Option lateArrivalWindow must be 0 or more, got -1"),
                Arguments.of("eusate:messages?sessionId=s&shardCount=4&shardIndex=4",
                        "Options shardIndex and shardCount must satisfy 0 <= shardIndex < shardCount, got shardIndex 4"
                        + " and shardCount 4"));
    }

    @ParameterizedTest
    @MethodSource("invalidConsumers")
    void badConsumerConfigurationFailsTheRouteWithTheOptionAndTheValue(String uri, String expected) {
        Exception e = assertThrows(Exception.class, () -> context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).to("mock:never");
            }
        }));
        assertTrue(rootCause(e).getMessage().contains(expected), rootCause(e).getMessage());
    }

    @Test
    void aPoolWithoutConnectionsFailsTheRouteWithTheComponentOption() {
        context().getComponent("eusate", EusateComponent.class).setMaxConnections(0);

        badConsumerConfigurationFailsTheRouteWithTheOptionAndTheValue("eusate:messages?sessionId=s",
                "Option maxConnections must be 1 or more, got 0");
    }

    // ---- consumers

    @Test
    void aForbiddenSessionIsSkippedAndTheOthersGoOn() throws Exception {
        simulator.addConversation("s-ok", "c-1");
        simulator.addMessage("s-ok", "c-1", "customer", "hi");
        simulator.respondNextWith(path -> path.contains("/s-forbidden/"), 403, "application/json",
                "{\"detail\": \"Access denied for this resource.\"}");
        EusatePollingConsumer consumer = startConsumer("eusate:messages?sessionIds=s-forbidden,s-ok");

        assertEquals(1, consumer.poll());
        assertEquals(1, consumer.getSkipped());
        assertEquals(1, logs.linesContaining("session s-forbidden failed and is backed off on its own").size());
    }

    @Test
    void aSessionThatKeepsFailingIsBackedOffOnItsOwnWhileTheOthersPollOnSchedule() throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context());
        registry.register(registry.resolveById("consumers"));
        simulator.addConversation("s-ok", "c-1");
        for (int i = 0; i < 20; i++) {
            simulator.respondNextWith(path -> path.contains("/s-gone/"), 410, "application/json",
                    "{\"detail\": \"This session has ended.\"}");
        }
        EusatePollingConsumer consumer = startConsumer("eusate:messages?sessionIds=s-gone,s-ok");

        for (int poll = 1; poll <= 8; poll++) {
            SimulatedMessage message = simulator.addMessage("s-ok", "c-1", "customer", "poll " + poll);
            assertEquals(1, consumer.poll(), "the healthy session's new message comes in the very poll " + poll);
            assertEquals(message.id(), getMockEndpoint("mock:out").getExchanges().get(poll - 1).getMessage()
                    .getHeader(EusateConstants.MESSAGE_ID));
        }

        assertEquals(8, simulator.requests().stream().filter(r -> r.isConversationList() && "s-ok".equals(r.sessionId())).count());
        assertEquals(4, simulator.requests().stream().filter(r -> "s-gone".equals(r.sessionId())).count(),
                "polls 1, 2, 4 and 8: left out 0, 1, then 3 polls");
        assertEquals(1, logs.linesContaining("session s-gone failed and is backed off on its own").size(),
                "logged when it started failing, not at every poll");
        // no poll failed (each returned): the consumer is not DOWN for one session; its check names that session
        HealthCheck.Result health = consumerCheck();
        assertEquals(1, health.getDetails().get("eusate.backed.off"));
        assertEquals("session s-gone", health.getDetails().get("eusate.backed.off.items"));
    }

    @Test
    void aPoisonMessageTheRouteDeadLettersLetsItsConversationMoveOn() throws Exception {
        simulator.addConversation("s-1", "c-1");
        String poison = simulator.addMessage("s-1", "c-1", "customer", "poison").id();
        String next = simulator.addMessage("s-1", "c-1", "customer", "fine").id();
        context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(deadLetterChannel("mock:dead").maximumRedeliveries(1).redeliveryDelay(0));
                from("eusate:messages?sessionId=s-1&startScheduler=false" + FAST).routeId("sync")
                        .filter(header(EusateConstants.MESSAGE_ID).isEqualTo(poison))
                            .throwException(new IllegalStateException("the sink rejects this one for ever"))
                        .end()
                        .to("mock:out");
            }
        });
        EusatePollingConsumer consumer = (EusatePollingConsumer) context().getRoute("sync").getConsumer();

        assertEquals(2, consumer.poll());

        assertEquals(List.of(poison), getMockEndpoint("mock:dead").getExchanges().stream()
                .map(e -> e.getMessage().getHeader(EusateConstants.MESSAGE_ID)).toList());
        assertEquals(List.of(next), getMockEndpoint("mock:out").getExchanges().stream()
                .map(e -> e.getMessage().getHeader(EusateConstants.MESSAGE_ID)).toList());
        assertEquals(0, consumer.poll(), "dead-lettered is delivered: not again");
    }

    @Test
    void aConversationRemovedBetweenListAndMessagesIsNotAFailedPoll() throws Exception {
        for (String c : List.of("c-1", "c-2")) {
            simulator.addConversation("s-1", c);
            simulator.addMessage("s-1", c, "customer", "hi");
        }
        simulator.injectFault(Fault.REMOVED_BEFORE_MESSAGES, FaultTarget.MESSAGES, 1);
        EusatePollingConsumer consumer = startConsumer("eusate:messages?sessionId=s-1&concurrency=1");

        assertEquals(1, consumer.poll());
        assertEquals(1, consumer.getSkipped());
        assertEquals(List.of("c-2"), simulator.conversationIds("s-1"));
    }

    @Test
    void aRejectedKeyTakesTheConsumerDownWithTheHttpCodeAndItRecoversByItself() throws Exception {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context());
        registry.register(registry.resolveById("consumers")); // as camel.health.consumersEnabled does in an application
        registry.setExposureLevel("full");
        simulator.addConversation("s-1", "c-1");
        simulator.addMessage("s-1", "c-1", "customer", "hi");
        simulator.injectFault(Fault.UNAUTHORIZED, FaultTarget.ANY, 1000);
        context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("eusate:messages?sessionId=s-1&delay=50&backoffErrorThreshold=2&backoffMultiplier=4&maxRetries=0")
                        .routeId("sync").to("mock:out");
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) consumerCheck().getDetails()
                .getOrDefault(HealthCheck.FAILURE_ERROR_COUNT, 0)).longValue() > 0);
        HealthCheck.Result down = consumerCheck();
        assertEquals(HealthCheck.State.DOWN, down.getState());
        assertEquals(401, down.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE), down.getDetails() + " " + down.getMessage() + " " + down.getError());
        assertFalse(String.valueOf(down.getDetails()).contains(API_KEY));
        long rejected = simulator.requests().size();
        // backing off: after 2 failed polls it skips 4; far fewer requests than one per 50 ms
        await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertTrue(simulator.requests().size() - rejected <= 6, simulator.requests().size() - rejected + " requests");

        simulator.clearFaults();
        getMockEndpoint("mock:out").expectedMessageCount(1);
        getMockEndpoint("mock:out").assertIsSatisfied(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> consumerCheck().getState() == HealthCheck.State.UP);
    }

    private HealthCheck.Result consumerCheck() {
        return HealthCheckHelper.invokeReadiness(context()).stream()
                .filter(r -> r.getCheck().getId().contains("sync")).findFirst().orElseThrow();
    }

    private EusatePollingConsumer startConsumer(String uri) throws Exception {
        context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri + "&startScheduler=false" + FAST).routeId("sync").to("mock:out");
            }
        });
        simulator.clearRequests();
        return (EusatePollingConsumer) context().getRoute("sync").getConsumer();
    }
}
