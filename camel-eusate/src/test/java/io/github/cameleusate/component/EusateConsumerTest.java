package io.github.cameleusate.component;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.simulator.Fault;
import io.github.cameleusate.simulator.FaultTarget;
import io.github.cameleusate.simulator.ListShape;
import io.github.cameleusate.simulator.RecordedRequest;
import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.sync.ChangeType;
import io.github.cameleusate.sync.SessionShards;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental consumers against the simulator, changing its data between polls run on the test's thread. */
class EusateConsumerTest extends SimulatorTestSupport {

    private static final String SESSION = "s-1";

    /** What the route received: one entry per exchange that reached it, successful or not. */
    private final List<Exchange> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Exchange> delivered = Collections.synchronizedList(new ArrayList<>());
    private volatile String failOnMessageId;
    /** What the route's sink does with each exchange before it counts as delivered. */
    private volatile Processor sink = exchange -> {
    };

    // ---- messages

    @Test
    void aPollLogsOneInfoLineHoweverManyMessagesItDelivers() throws Exception {
        seed(SESSION, 20, 5);
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);

        assertEquals(100, consumer.poll());
        consumer.poll();

        List<String> info = logs.lines().stream().filter(l -> l.contains(" INFO ")).toList();
        List<String> summaries = info.stream().filter(l -> l.contains(" INFO sync: ") && l.contains("exchanges delivered"))
                .toList();
        assertEquals(2, summaries.size(), "one summary per poll: " + summaries);
        List<String> perMessage = info.stream()
                .filter(l -> ids(delivered).stream().anyMatch(l::contains)).toList();
        assertEquals(List.of(), perMessage, "INFO lines naming a delivered message");
    }

    @Test
    void oneNewMessageInOneOf200ConversationsCostsTwoRequests() throws Exception {
        seed(SESSION, 200, 2);
        EusatePollingConsumer consumer = start("eusate:messages?maxRequestsPerSecond=0&sessionId=" + SESSION);
        assertEquals(400, consumer.poll());
        simulator.clearRequests();
        delivered.clear();

        SimulatedMessage added = simulator.addMessage(SESSION, "c-137", "customer", "One more thing");
        int count = consumer.poll();

        assertEquals(1, count);
        assertEquals(List.of(added.id()), ids(delivered));
        assertEquals(List.of("/api/v1/helpdesk/customer/s-1/conversations/",
                "/api/v1/helpdesk/customer/s-1/conversations/c-137/messages/"),
                simulator.requests().stream().map(RecordedRequest::rawPath).toList());

        simulator.clearRequests();
        assertEquals(0, consumer.poll(), "an idle poll delivers nothing");
        assertEquals(1, simulator.requests().size(), "an idle poll costs one request per session");
    }

    @Test
    void startFromBeginningDeliversEveryMessageOncePerConversationOldestFirst() throws Exception {
        seed(SESSION, 3, 5);
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);

        assertEquals(15, consumer.poll());
        assertEquals(0, consumer.poll());

        assertEquals(1, logs.linesContaining("keeps its state in memory").size(), "warned once");
        assertEquals(expectedByConversation(SESSION), byConversation(delivered));
        Exchange first = exchangeOf(simulator.messages(SESSION, "c-1").get(0).id());
        Message body = first.getMessage().getBody(Message.class);
        assertEquals(SESSION, first.getMessage().getHeader(EusateConstants.SESSION_ID));
        assertEquals("c-1", first.getMessage().getHeader(EusateConstants.CONVERSATION_ID));
        assertEquals(body.getId(), first.getMessage().getHeader(EusateConstants.MESSAGE_ID));
        assertEquals(body.getSender(), first.getMessage().getHeader(EusateConstants.SENDER));
        assertEquals(body.getDateCreated(), first.getMessage().getHeader(EusateConstants.DATE_CREATED, OffsetDateTime.class));
        assertEquals(ChangeType.CREATED, first.getMessage().getHeader(EusateConstants.CHANGE_TYPE));
    }

    @Test
    void startFromNowDeliversOnlyWhatAppearsAfterTheFirstPoll() throws Exception {
        seed(SESSION, 3, 5);
        EusatePollingConsumer consumer = start("eusate:messages?startFrom=now&sessionId=" + SESSION);

        assertEquals(0, consumer.poll());
        assertEquals(1, simulator.requests().size(), "the first poll only lists");
        SimulatedMessage inOld = simulator.addMessage(SESSION, "c-2", "agent", "Anything else?");
        simulator.addConversation(SESSION, "c-new");
        SimulatedMessage inNew1 = simulator.addMessage(SESSION, "c-new", "customer", "Hi");
        SimulatedMessage inNew2 = simulator.addMessage(SESSION, "c-new", "sate", "Hello!");

        assertEquals(3, consumer.poll());
        assertEquals(Map.of(SESSION + "/c-2", List.of(inOld.id()), SESSION + "/c-new", List.of(inNew1.id(), inNew2.id())),
                byConversation(delivered));
    }

    @Test
    void twoSessionsWithConcurrentFetchesKeepEachConversationsOrder() throws Exception {
        seed("s-a", 20, 10);
        seed("s-b", 10, 10);
        EusatePollingConsumer consumer = start("eusate:messages?sessionIds=s-a,s-b&concurrency=8");

        assertEquals(300, consumer.poll());

        assertEquals(expectedByConversation("s-a", "s-b"), byConversation(delivered));
        assertEquals(2, simulator.requests().stream().filter(RecordedRequest::isConversationList).count());
        assertEquals(30, simulator.requests().stream().filter(r -> r.conversationId() != null).count());
    }

    @Test
    void aFailedExchangeStopsOnlyItsConversationWhichIsBackedOffOnItsOwnUntilItGoesThrough() throws Exception {
        seed(SESSION, 3, 5);
        List<SimulatedMessage> c1 = simulator.messages(SESSION, "c-1");
        failOnMessageId = c1.get(2).id();
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);

        assertEquals(12, consumer.poll(), "a failed exchange is its conversation's failure, not the poll's");
        Map<String, List<String>> expected = expectedByConversation(SESSION);
        assertEquals(Map.of(SESSION + "/c-1", expected.get(SESSION + "/c-1").subList(0, 2),
                SESSION + "/c-2", expected.get(SESSION + "/c-2"), SESSION + "/c-3", expected.get(SESSION + "/c-3")),
                byConversation(delivered), "c-1 stops before its failed message; the others go on");
        assertEquals(0, consumer.poll(), "tried again next poll, and failed again");
        assertEquals(List.of(failOnMessageId, failOnMessageId), ids(received).stream()
                .filter(failOnMessageId::equals).toList(), "the failed message is tried again, its successors are not");
        assertEquals(List.of("conversation c-1 of session s-1"), consumer.getBackoff().items(10));

        failOnMessageId = null;
        simulator.clearRequests();
        assertEquals(0, consumer.poll(), "after two failures in a row, c-1 sits out one poll");
        assertEquals(1, simulator.requests().size(), "only the list: c-1 is not fetched");
        assertEquals(3, consumer.poll());
        assertEquals(0, consumer.poll());

        List<String> all = ids(delivered);
        assertEquals(expected, byConversation(delivered));
        assertEquals(all.size(), Set.copyOf(all).size(), "no message delivered twice: " + all);
        assertEquals(0, consumer.getBackoff().size());
        assertEquals(1, logs.linesContaining("conversation c-1 of session s-1 failed and is backed off").size(),
                "logged once when it started failing");
        assertEquals(1, logs.linesContaining("conversation c-1 of session s-1 goes through again").size());
        assertEquals(List.of(), logs.linesContaining("Error processing eusate exchange"),
                "reported by the route's error handler only, not again by the consumer");
    }

    @Test
    void aResponseWithoutTheAnnouncedLatestMessageKeepsTheConversationOpenForTheNextPoll() throws Exception {
        seed(SESSION, 1, 3);
        List<SimulatedMessage> messages = simulator.messages(SESSION, "c-1");
        simulator.injectFault(Fault.STALE_MESSAGES, FaultTarget.MESSAGES, 1);
        MessagesConsumer consumer = (MessagesConsumer) start("eusate:messages?sessionId=" + SESSION);

        assertEquals(2, consumer.poll());
        assertEquals(1, consumer.getIncompleteFetches());

        assertEquals(1, consumer.poll());
        assertEquals(0, consumer.poll());
        assertEquals(messages.stream().map(SimulatedMessage::id).toList(), ids(delivered));
        assertEquals(2, simulator.requests().stream().filter(r -> r.conversationId() != null).count(),
                "fetched again once, then up to date");
    }

    @Test
    void maxMessagesPerPollLeavesTheRestForTheNextPoll() throws Exception {
        seed(SESSION, 2, 5);
        EusatePollingConsumer consumer = start("eusate:messages?maxMessagesPerPoll=3&sessionId=" + SESSION);

        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            counts.add(consumer.poll());
        }

        assertEquals(List.of(3, 3, 3, 1, 0), counts);
        assertEquals(expectedByConversation(SESSION), byConversation(delivered));
    }

    @Test
    void aRestartOfTheRouteOrOfTheCamelContextRedeliversNothing(@TempDir Path dir) throws Exception {
        seed(SESSION, 5, 3);
        FileStateRepository repository = FileStateRepository.fileStateRepository(dir.resolve("state.dat").toFile());
        context.getRegistry().bind("fileState", repository);
        String uri = "eusate:messages?stateRepository=#fileState&sessionId=" + SESSION;
        assertEquals(15, start(uri).poll());

        context.getRouteController().stopRoute("sync");
        SimulatedMessage whileStopped = simulator.addMessage(SESSION, "c-4", "customer", "Still there?");
        context.getRouteController().startRoute("sync");
        assertEquals(1, syncConsumer().poll());

        SimulatedMessage afterRestart = simulator.addMessage(SESSION, "c-5", "agent", "Yes!");
        try (CamelContext restarted = new DefaultCamelContext()) {
            configure(restarted);
            restarted.getRegistry().bind("fileState",
                    FileStateRepository.fileStateRepository(dir.resolve("state.dat").toFile()));
            restarted.addRoutes(route(uri));
            restarted.start();
            assertEquals(1, ((EusatePollingConsumer) restarted.getRoute("sync").getConsumer()).poll());
        }

        List<String> all = ids(delivered);
        assertEquals(17, all.size());
        assertEquals(List.of(whileStopped.id(), afterRestart.id()), all.subList(15, 17));
    }

    @Test
    void aListAnsweredEmptyByMistakeRemovesNothing() throws Exception {
        seed(SESSION, 3, 1);
        RecordingState state = new RecordingState();
        context.getRegistry().bind("state", state);
        EusatePollingConsumer consumer = start("eusate:conversations?stateRepository=#state&sessionId=" + SESSION);
        assertEquals(3, consumer.poll());
        delivered.clear();

        simulator.respondNextWith(path -> path.endsWith("/conversations/"), 200, "application/json", "[]");
        assertEquals(0, consumer.poll(), "one empty list");
        assertEquals(0, consumer.poll(), "the conversations are back");
        simulator.respondNextWith(path -> path.endsWith("/conversations/"), 200, "application/json", "[]");
        assertEquals(0, consumer.poll(), "one empty list again: the count started anew");

        assertEquals(Map.of(), changes());
    }

    @Test
    void aPaginatedListWhoseItemsShiftWhileItIsReadConfirmsNoRemoval() throws Exception {
        simulator.setListShape(ListShape.PAGINATED, 2);
        seed(SESSION, 5, 1);
        EusatePollingConsumer consumer = start("eusate:conversations?sessionId=" + SESSION);
        assertEquals(5, consumer.poll());
        delivered.clear();

        // each walk: page 1 holds c-1 and c-2, then c-1 seems gone, so page 2 starts at c-4: c-3 is on no page
        simulator.injectFault(Fault.SHIFTED_PAGE, path -> true, 100);
        assertEquals(0, consumer.poll());
        assertEquals(0, consumer.poll());
        assertEquals(0, consumer.poll());
        simulator.clearFaults();

        assertEquals(Map.of(), changes());
        assertEquals(3, logs.linesContaining("The conversation list of session s-1 is incomplete (its count changed from 5"
                                             + " to 4 between pages)").size());
    }

    @Test
    void aConversationListedTwiceIsFetchedAndDeliveredOnce() throws Exception {
        seed(SESSION, 2, 2);
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);
        String c1 = "{\"id\": \"c-1\", \"date_updated\": \"2024-01-15T10:30:00Z\", \"latest_message\": {\"id\": \""
                    + simulator.messages(SESSION, "c-1").get(1).id() + "\"}}";
        simulator.respondNextWith(path -> path.endsWith("/conversations/"), 200, "application/json",
                "[" + c1 + ", " + c1 + "]");

        assertEquals(2, consumer.poll());

        assertEquals(Map.of(SESSION + "/c-1", expectedByConversation(SESSION).get(SESSION + "/c-1")), byConversation(delivered));
        assertEquals(1, simulator.requests().stream().filter(r -> "c-1".equals(r.conversationId())).count());
    }

    @Test
    void messagesThatBecomeVisibleAfterLaterOnesAreDeliveredOnceWithinTheWindow() throws Exception {
        seed(SESSION, 1, 2);
        SimulatedMessage latest = simulator.messages(SESSION, "c-1").get(1);
        EusatePollingConsumer consumer = start("eusate:messages?lateArrivalWindow=3000&sessionId=" + SESSION);
        assertEquals(2, consumer.poll());

        // written concurrently or served by a lagging replica: they appear now, the listing stays as it was
        List<SimulatedMessage> late = List.of(
                simulator.addLateMessage(SESSION, "c-1", "agent", "a second earlier", latest.dateCreated().minusSeconds(1)),
                simulator.addLateMessage(SESSION, "c-1", "sate", "the same instant", latest.dateCreated()),
                simulator.addLateMessage(SESSION, "c-1", "customer", "no date at all", null));
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            consumer.poll();
            return delivered.size() == 5;
        });
        // once the latest activity is as old as the window, the conversation is no longer fetched while unchanged
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            simulator.clearRequests();
            consumer.poll();
            return simulator.requests().size() == 1;
        });

        List<String> all = ids(delivered);
        assertEquals(Set.copyOf(late.stream().map(SimulatedMessage::id).toList()), Set.copyOf(all.subList(2, 5)));
        assertEquals(all.size(), Set.copyOf(all).size(), "each once: " + all);
    }

    @Test
    void aMessageThatBecomesVisibleLaterThanTheWindowIsNotDelivered() throws Exception {
        seed(SESSION, 1, 2);
        SimulatedMessage latest = simulator.messages(SESSION, "c-1").get(1);
        EusatePollingConsumer consumer = start("eusate:messages?lateArrivalWindow=2000&sessionId=" + SESSION);
        assertEquals(2, consumer.poll());

        simulator.addLateMessage(SESSION, "c-1", "agent", "beyond the window", latest.dateCreated().minusSeconds(3));
        SimulatedMessage next = simulator.addMessage(SESSION, "c-1", "customer", "a new one");
        assertEquals(1, consumer.poll());

        assertEquals(next.id(), ids(delivered).get(2));
    }

    @Test
    void anIdleConsumerBacksOff() throws Exception {
        seed(SESSION, 1, 1);
        context.addRoutes(route("eusate:messages?delay=20&backoffIdleThreshold=2&backoffMultiplier=1000&sessionId=" + SESSION));
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);

        // after two idle polls the consumer skips the next 1000 (20 s): the list is no longer requested every 20 ms
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> simulator.requests().stream().filter(RecordedRequest::isConversationList).count() <= 4);
    }

    // ---- conversations

    @Test
    void conversationsAreDeliveredWhenCreatedUpdatedAndRemoved() throws Exception {
        seed(SESSION, 3, 1);
        RecordingState state = new RecordingState();
        context.getRegistry().bind("state", state);
        EusatePollingConsumer consumer = start("eusate:conversations?stateRepository=#state&sessionId=" + SESSION);
        assertEquals(3, consumer.poll());
        assertEquals(Map.of("c-1", ChangeType.CREATED, "c-2", ChangeType.CREATED, "c-3", ChangeType.CREATED), changes());
        assertEquals(0, consumer.poll());
        Conversation beforeRemoval = lastDelivered("c-1");

        delivered.clear();
        simulator.closeConversation(SESSION, "c-2");
        simulator.addConversation(SESSION, "c-4");
        simulator.removeConversation(SESSION, "c-1");
        assertEquals(2, consumer.poll(), "missing from one listing: not removed yet");
        assertEquals(1, consumer.poll(), "missing from a second listing in a row: removed");

        assertEquals(Map.of("c-2", ChangeType.UPDATED, "c-4", ChangeType.CREATED, "c-1", ChangeType.REMOVED), changes());
        assertEquals(true, lastDelivered("c-2").getClosed());
        Conversation removed = lastDelivered("c-1");
        assertEquals(beforeRemoval.getDateUpdated(), removed.getDateUpdated());
        assertEquals(beforeRemoval.getLatestMessage().getId(), removed.getLatestMessage().getId());
        assertEquals(SESSION, removed.getSessionId());
        assertEquals(Set.of("conversations-started/s-1", "conversations-index/s-1", "conversations/s-1/c-2",
                "conversations/s-1/c-3", "conversations/s-1/c-4"), state.keys(), "the removed one's snapshot is deleted");
        assertEquals(0, consumer.poll());
        assertEquals(5, simulator.requests().size(), "conversations need only the list: one request per poll");
        assertTrue(simulator.requests().stream().allMatch(RecordedRequest::isConversationList));
    }

    @Test
    void aNewMessageOrReadFlagIsAConversationUpdate() throws Exception {
        seed(SESSION, 2, 1);
        EusatePollingConsumer consumer = start("eusate:conversations?sessionId=" + SESSION);
        consumer.poll();
        delivered.clear();

        simulator.update(SESSION, "c-1", c -> c.setReadByAgent(true));
        SimulatedMessage latest = simulator.addMessage(SESSION, "c-2", "agent", "Done");

        assertEquals(2, consumer.poll());
        assertEquals(Map.of("c-1", ChangeType.UPDATED, "c-2", ChangeType.UPDATED), changes());
        assertEquals(true, lastDelivered("c-1").getReadByAgent());
        assertEquals(latest.id(), lastDelivered("c-2").getLatestMessage().getId());
    }

    @Test
    void aSessionSourceIsAskedAtEveryPollSoSessionsComeAndGoWithoutARestart() throws Exception {
        seed("s-a", 1, 1);
        seed("s-b", 1, 1);
        List<String> sessions = new CopyOnWriteArrayList<>(List.of("s-a"));
        context.getRegistry().bind("sessions", (EusateSessionSource) () -> sessions);
        EusatePollingConsumer consumer = start("eusate:conversations?sessionSource=#sessions");

        assertEquals(1, consumer.poll());
        sessions.add("s-b");
        assertEquals(1, consumer.poll(), "the added session's conversation");
        sessions.remove("s-a");
        simulator.clearRequests();
        assertEquals(0, consumer.poll());

        assertEquals(List.of("s-b"), simulator.requests().stream().map(RecordedRequest::sessionId).toList(),
                "the retired session is no longer listed");
    }

    @Test
    void eachSessionIsReadInOneBatchAndTheEntriesOfRemovedConversationsAndRetiredSessionsAreDeleted() throws Exception {
        seed("s-a", 3, 2);
        seed("s-b", 2, 1);
        RecordingState state = new RecordingState();
        context.getRegistry().bind("state", state);
        List<String> sessions = new CopyOnWriteArrayList<>(List.of("s-a", "s-b"));
        context.getRegistry().bind("sessions", (EusateSessionSource) () -> sessions);
        EusatePollingConsumer consumer = start("eusate:messages?sessionSource=#sessions&stateRepository=#state");

        assertEquals(8, consumer.poll());
        assertEquals(2, state.batchReads.getAndSet(0), "one read per session, none per conversation");
        assertEquals(Set.of("messages-started/s-a", "messages-index/s-a", "messages/s-a/c-1", "messages/s-a/c-2",
                "messages/s-a/c-3", "messages-started/s-b", "messages-index/s-b", "messages/s-b/c-1",
                "messages/s-b/c-2"), state.keys());
        assertEquals(0, consumer.poll());
        assertEquals(2, state.batchReads.get(), "an idle poll reads each session once too");

        simulator.removeConversation("s-a", "c-2");
        sessions.remove("s-b");
        assertEquals(0, consumer.poll());
        assertTrue(state.keys().contains("messages/s-a/c-2") && state.keys().contains("messages-index/s-b"),
                "missing once (removalConfirmations=2): nothing is deleted yet");
        assertEquals(0, consumer.poll());

        assertEquals(Set.of("messages-started/s-a", "messages-index/s-a", "messages/s-a/c-1", "messages/s-a/c-3"),
                state.keys(), "the removed conversation's cursor and the retired session's entries are deleted");
        sessions.add("s-b");
        assertEquals(2, consumer.poll(), "a session given again later starts over, as a new one");
    }

    /** The consumers' own in-memory repository, counting its batch reads and listing the keys it holds. */
    private static final class RecordingState extends MemoryBatchStateRepository {
        private final AtomicInteger batchReads = new AtomicInteger();
        private final Set<String> keys = ConcurrentHashMap.newKeySet();

        @Override
        public Map<String, String> getStates(java.util.Collection<String> keys) {
            batchReads.incrementAndGet();
            return super.getStates(keys);
        }

        @Override
        public void setState(String key, String value) {
            super.setState(key, value);
            if (value == null || value.isEmpty()) {
                keys.remove(key);
            } else {
                keys.add(key);
            }
        }

        Set<String> keys() {
            return Set.copyOf(keys);
        }
    }

    @Test
    void shardsPartitionTheSessionsByTheirCrc32() throws Exception {
        List<String> sessions = seedSessions(30, 1, 1);
        Map<Integer, Set<String>> polled = new HashMap<>();
        for (int shard = 0; shard < 3; shard++) {
            String routeId = "shard-" + shard;
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("eusate:conversations?startScheduler=false&shardCount=3&shardIndex=" + routeId.substring(6)
                         + "&sessionIds=" + String.join(",", sessions)).routeId(routeId).to("mock:" + routeId);
                }
            });
            simulator.clearRequests();
            ((EusatePollingConsumer) context.getRoute(routeId).getConsumer()).poll();
            polled.put(shard, simulator.requests().stream().map(RecordedRequest::sessionId).collect(Collectors.toSet()));
        }

        for (int shard = 0; shard < 3; shard++) {
            int expected = shard;
            assertEquals(sessions.stream().filter(id -> SessionShards.shardOf(id, 3) == expected)
                    .collect(Collectors.toSet()), polled.get(shard), "shard " + shard);
        }
        assertEquals(Set.copyOf(sessions), polled.values().stream().flatMap(Set::stream).collect(Collectors.toSet()),
                "every session in exactly one shard");
    }

    @Test
    void aShardOfAHundredThousandSessionsFromASessionSourceIsPolledInOnePoll() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int s = 0; s < 100_000; s++) {
            sessions.add("session-" + s);
        }
        List<String> shard = sessions.stream().filter(id -> SessionShards.shardOf(id, 8) == 5).toList();
        for (String session : shard.subList(0, 20)) {
            seed(session, 1, 2);
        }
        context.getRegistry().bind("sessions", (EusateSessionSource) () -> sessions);
        EusatePollingConsumer consumer = start("eusate:messages?sessionSource=#sessions&shardCount=8&shardIndex=5"
                                               + "&concurrency=16&maxRequestsPerSecond=0");

        assertEquals(40, consumer.poll());

        assertEquals(shard.size() + 20, simulator.requests().size(), "one list per session of the shard, one fetch per"
                                                                     + " conversation");
        assertEquals(0, consumer.poll());
    }

    // ---- one concurrent poll

    @Test
    void aPollsRequestsOverlapAcrossSessionsAndFetchesStartAsSoonAsTheirSessionIsListed() throws Exception {
        List<String> sessions = seedSessions(50, 3, 2);
        simulator.setLatency(Duration.ofMillis(20));
        EusatePollingConsumer consumer = start("eusate:messages?concurrency=16&maxRequestsPerSecond=0&sessionIds="
                                               + String.join(",", sessions));

        assertEquals(300, consumer.poll());

        List<RecordedRequest> requests = simulator.requests();
        assertEquals(200, requests.size(), "one list per session and one fetch per conversation, no more");
        List<RecordedRequest> lists = requests.stream().filter(RecordedRequest::isConversationList).toList();
        assertTrue(lists.stream().anyMatch(a -> lists.stream().anyMatch(b -> !a.sessionId().equals(b.sessionId())
                                                                             && a.overlaps(b))),
                "the lists of different sessions are open at the same time");
        long lastListIn = lists.stream().mapToLong(RecordedRequest::receivedNanos).max().orElseThrow();
        assertTrue(requests.stream().anyMatch(r -> r.conversationId() != null && r.receivedNanos() < lastListIn),
                "message fetches start before the last session is listed");
        int peak = mostOpenAtOnce(requests);
        assertTrue(peak > 1 && peak <= 16, "requests open at once: " + peak + ", concurrency 16");
    }

    @Test
    void exchangesInFlightHaveTheirOwnBoundAboveConcurrencyButEachConversationHasOneOldestFirst() throws Exception {
        List<String> sessions = seedSessions(50, 3, 4);
        Map<String, AtomicInteger> openPerConversation = new ConcurrentHashMap<>();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        AtomicInteger mostOpenInOneConversation = new AtomicInteger();
        sink = exchange -> {
            AtomicInteger mine = openPerConversation.computeIfAbsent(conversationOf(exchange), c -> new AtomicInteger());
            mostOpenInOneConversation.accumulateAndGet(mine.incrementAndGet(), Math::max);
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            Thread.sleep(2); // a sink that takes a moment, as a database does
            open.decrementAndGet();
            mine.decrementAndGet();
        };
        EusatePollingConsumer consumer = start("eusate:messages?concurrency=4&maxExchangesInFlight=12"
                                               + "&maxRequestsPerSecond=0&sessionIds=" + String.join(",", sessions));

        assertEquals(600, consumer.poll());

        assertEquals(expectedByConversation(sessions.toArray(String[]::new)), byConversation(delivered));
        assertEquals(1, mostOpenInOneConversation.get(), "one exchange at a time per conversation");
        assertTrue(mostOpen.get() > 4 && mostOpen.get() <= 12, "exchanges in flight at once: " + mostOpen.get()
                                                               + ", more than the 4 requests, at most 12");
        assertTrue(mostOpenAtOnce(simulator.requests()) <= 4, "requests stay within concurrency");
    }

    @ParameterizedTest(name = "asynchronous sink: {0}")
    @ValueSource(booleans = {false, true})
    void byDefaultABlockingSinkHasConcurrencyExchangesInFlightAndAnAsynchronousOneMany(boolean asynchronous)
            throws Exception {
        List<String> sessions = seedSessions(50, 3, 4);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        ScheduledExecutorService sinkThreads = Executors.newScheduledThreadPool(4, r -> new Thread(r, "async-sink"));
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("eusate:messages?concurrency=4&maxRequestsPerSecond=0&startScheduler=false&sessionIds="
                         + String.join(",", sessions))
                            .routeId("sync")
                            .process(new AsyncProcessorSupport() { // takes 3 ms blocking its thread, 20 ms if not
                                @Override
                                public boolean process(Exchange exchange, AsyncCallback callback) {
                                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                                    if (asynchronous) {
                                        sinkThreads.schedule(() -> {
                                            open.decrementAndGet();
                                            callback.done(false);
                                        }, 20, TimeUnit.MILLISECONDS);
                                        return false;
                                    }
                                    try {
                                        Thread.sleep(3);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    open.decrementAndGet();
                                    callback.done(true);
                                    return true;
                                }
                            });
                }
            });

            assertEquals(600, syncConsumer().poll());

            if (asynchronous) {
                // 150 conversations: more than twice concurrency (the Kafka producer batches them), at most 256
                assertTrue(mostOpen.get() > 8 && mostOpen.get() <= 150, "exchanges in flight at once: " + mostOpen.get()
                                                                        + ", more than twice concurrency 4");
            } else {
                assertTrue(mostOpen.get() > 1 && mostOpen.get() <= 4, "exchanges in flight at once: " + mostOpen.get()
                                                                      + ", no more than concurrency 4 threads block");
            }
        } finally {
            sinkThreads.shutdownNow();
        }
    }

    @Test
    void anExchangeCompletedOnAnotherThreadLetsItsConversationGoOnThereInOrderAndCommitted() throws Exception {
        List<String> sessions = seedSessions(20, 3, 4);
        context.getRegistry().bind("state", new MemoryStateRepository());
        ScheduledExecutorService sinkThreads = Executors.newScheduledThreadPool(2, r -> new Thread(r, "async-sink"));
        List<Exchange> completed = Collections.synchronizedList(new ArrayList<>());
        Set<String> startedOn = ConcurrentHashMap.newKeySet();
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("eusate:messages?concurrency=8&maxRequestsPerSecond=0&stateRepository=#state"
                         + "&startScheduler=false&sessionIds=" + String.join(",", sessions))
                            .routeId("sync")
                            .process(new AsyncProcessorSupport() { // completes later, on its own thread, as camel-kafka does
                                @Override
                                public boolean process(Exchange exchange, AsyncCallback callback) {
                                    startedOn.add(Thread.currentThread().getName());
                                    sinkThreads.schedule(() -> {
                                        completed.add(exchange.copy());
                                        callback.done(false);
                                    }, 1, TimeUnit.MILLISECONDS);
                                    return false;
                                }
                            });
                }
            });
            EusatePollingConsumer consumer = syncConsumer();

            assertEquals(240, consumer.poll());

            assertEquals(expectedByConversation(sessions.toArray(String[]::new)), byConversation(completed));
            assertTrue(startedOn.contains("async-sink"), "a conversation goes on on the thread that completed its exchange: "
                                                         + startedOn);
            assertEquals(0, consumer.poll(), "every position was committed");
        } finally {
            sinkThreads.shutdownNow();
        }
    }

    @Test
    void aHungFetchHoldsBackOnlyItsOwnConversation() throws Exception {
        List<String> sessions = seedSessions(10, 3, 2);
        simulator.setHang(Duration.ofSeconds(60));
        simulator.injectFault(Fault.HANG, path -> path.endsWith("/s-3/conversations/c-2/messages/"), 1);
        EusatePollingConsumer consumer = start("eusate:messages?concurrency=4&readTimeout=90s&maxRequestsPerSecond=0"
                                               + "&sessionIds=" + String.join(",", sessions));
        try {
            CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(consumer::poll);

            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.size() == 58);
            assertFalse(poll.isDone(), "the poll still waits for the hung fetch");
            assertFalse(byConversation(delivered).containsKey("s-3/c-2"));

            simulator.releaseHangs();
            assertEquals(60, poll.get(30, TimeUnit.SECONDS));
        } finally {
            simulator.releaseHangs();
        }
        assertEquals(expectedByConversation(sessions.toArray(String[]::new)), byConversation(delivered));
    }

    @Test
    void aStopInTheMiddleOfAPollWaitsForTheExchangesInFlightAndCommitsExactlyWhatCompleted() throws Exception {
        seed(SESSION, 10, 5);
        context.getRegistry().bind("state", new MemoryStateRepository());
        CountDownLatch sinkHeld = new CountDownLatch(1);
        sink = exchange -> sinkHeld.await();
        context.addRoutes(route("eusate:messages?concurrency=4&maxExchangesInFlight=4&stateRepository=#state"
                                + "&initialDelay=0&delay=60000"
                                + "&sessionId=" + SESSION));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 4);
        EusatePollingConsumer consumer = syncConsumer();

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                context.getRouteController().stopRoute("sync");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.isBatchAllowed());
        sinkHeld.countDown();
        stopped.get(30, TimeUnit.SECONDS);

        assertEquals(4, received.size(), "no exchange starts once the stop began");
        assertEquals(4, delivered.size(), "the exchanges in flight completed");

        sink = exchange -> {
        };
        context.getRouteController().startRoute("sync");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 50);
        assertEquals(expectedByConversation(SESSION), byConversation(delivered),
                "after the restart: everything else, and nothing that completed before the stop");
    }

    @Test
    void theConversationsConsumerListsSessionsConcurrentlyAndDeliversEachSessionsChangesInOrder() throws Exception {
        List<String> sessions = seedSessions(20, 3, 1);
        simulator.setLatency(Duration.ofMillis(20));
        EusatePollingConsumer consumer = start("eusate:conversations?concurrency=8&maxRequestsPerSecond=0&sessionIds="
                                               + String.join(",", sessions));

        assertEquals(60, consumer.poll());

        List<RecordedRequest> lists = simulator.requests();
        assertEquals(20, lists.size());
        int peak = mostOpenAtOnce(lists);
        assertTrue(peak > 1 && peak <= 8, "lists open at once: " + peak + ", concurrency 8");
        Map<Object, List<Object>> bySession;
        synchronized (delivered) {
            bySession = delivered.stream().collect(Collectors.groupingBy(e -> e.getMessage().getHeader(EusateConstants.SESSION_ID),
                    Collectors.mapping(e -> e.getMessage().getHeader(EusateConstants.CONVERSATION_ID), Collectors.toList())));
        }
        sessions.forEach(s -> assertEquals(List.of("c-1", "c-2", "c-3"), bySession.get(s), s));
    }

    // ---- helpers

    /** Sessions s-1 .. s-N, each seeded as {@link #seed}; their ids. */
    private List<String> seedSessions(int sessions, int conversations, int messagesEach) {
        List<String> ids = new ArrayList<>();
        for (int s = 1; s <= sessions; s++) {
            ids.add("s-" + s);
            seed("s-" + s, conversations, messagesEach);
        }
        return ids;
    }

    /** The most requests the simulator had open at the same moment. */
    private static int mostOpenAtOnce(List<RecordedRequest> requests) {
        List<long[]> edges = new ArrayList<>();
        requests.forEach(r -> {
            edges.add(new long[] { r.receivedNanos(), 1 });
            edges.add(new long[] { r.answeredNanos(), -1 });
        });
        // at the same instant an answer counts before an arrival: touching is not overlapping
        edges.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        int open = 0;
        int most = 0;
        for (long[] edge : edges) {
            open += (int) edge[1];
            most = Math.max(most, open);
        }
        return most;
    }

    private void seed(String session, int conversations, int messagesEach) {
        for (int c = 1; c <= conversations; c++) {
            simulator.addConversation(session, "c-" + c);
            for (int m = 1; m <= messagesEach; m++) {
                simulator.addMessage(session, "c-" + c, m % 2 == 1 ? "customer" : "sate", "message " + m + " of c-" + c);
            }
        }
    }

    /** Every message id of the sessions' conversations, oldest first, by "session/conversation". */
    private static Map<String, List<String>> expectedByConversation(String... sessions) {
        Map<String, List<String>> ids = new HashMap<>();
        for (String session : sessions) {
            for (String conversation : simulator.conversationIds(session)) {
                ids.put(session + "/" + conversation, simulator.messages(session, conversation).stream()
                        .sorted(Comparator.comparing(SimulatedMessage::dateCreated)).map(SimulatedMessage::id).toList());
            }
        }
        return ids;
    }

    /** The message ids of these exchanges in the order they came, by "session/conversation". */
    private static Map<String, List<String>> byConversation(List<Exchange> exchanges) {
        synchronized (exchanges) {
            return exchanges.stream().collect(Collectors.groupingBy(EusateConsumerTest::conversationOf,
                    Collectors.mapping(e -> e.getMessage().getHeader(EusateConstants.MESSAGE_ID, String.class),
                            Collectors.toList())));
        }
    }

    private static String conversationOf(Exchange e) {
        return e.getMessage().getHeader(EusateConstants.SESSION_ID) + "/"
               + e.getMessage().getHeader(EusateConstants.CONVERSATION_ID);
    }

    private Exchange exchangeOf(String messageId) {
        synchronized (delivered) {
            return delivered.stream().filter(e -> messageId.equals(e.getMessage().getHeader(EusateConstants.MESSAGE_ID)))
                    .findFirst().orElseThrow();
        }
    }

    private EusatePollingConsumer start(String uri) throws Exception {
        context.addRoutes(route(uri + "&startScheduler=false"));
        simulator.clearRequests();
        return syncConsumer();
    }

    private EusatePollingConsumer syncConsumer() {
        return (EusatePollingConsumer) context.getRoute("sync").getConsumer();
    }

    private RouteBuilder route(String uri) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("sync")
                        .process(exchange -> {
                            received.add(exchange.copy());
                            if (exchange.getMessage().getBody() instanceof Message m && m.getId().equals(failOnMessageId)) {
                                throw new IllegalStateException("sink down for " + m.getId());
                            }
                            sink.process(exchange);
                            delivered.add(exchange.copy());
                        });
            }
        };
    }

    private static List<String> ids(List<Exchange> exchanges) {
        synchronized (exchanges) {
            return exchanges.stream().map(e -> e.getMessage().getHeader(EusateConstants.MESSAGE_ID, String.class)).toList();
        }
    }

    private Map<String, ChangeType> changes() {
        synchronized (delivered) {
            return delivered.stream().collect(Collectors.toMap(
                    e -> e.getMessage().getHeader(EusateConstants.CONVERSATION_ID, String.class),
                    e -> e.getMessage().getHeader(EusateConstants.CHANGE_TYPE, ChangeType.class),
                    (a, b) -> b, LinkedHashMap::new));
        }
    }

    private Conversation lastDelivered(String conversationId) {
        synchronized (delivered) {
            return delivered.stream()
                    .filter(e -> conversationId.equals(e.getMessage().getHeader(EusateConstants.CONVERSATION_ID)))
                    .reduce((a, b) -> b).orElseThrow().getMessage().getBody(Conversation.class);
        }
    }
}
