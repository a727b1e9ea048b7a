package io.github.cameleusate.component;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.cameleusate.client.EusateJson;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.simulator.RecordedRequest;
import io.github.cameleusate.sync.ChangeType;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The incremental consumers against the simulator, changing its data between polls run on the test's thread. */
class EusateConsumerTest extends SimulatorTestSupport {

    private static final String SESSION = "s-1";

    /** What the route received: one entry per exchange that reached it, successful or not. */
    private final List<Exchange> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Exchange> delivered = Collections.synchronizedList(new ArrayList<>());
    private volatile String failOnMessageId;

    // ---- messages

    @Test
    void aPollLogsOneInfoLineHoweverManyMessagesItDelivers() throws Exception {
        seed(SESSION, 20, 5);
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);

        assertEquals(100, consumer.poll());
        consumer.poll();

        // (a Quarkus application started by an earlier test may be logging in this JVM too: only this route counts)
        List<String> info = logs.lines().stream().filter(l -> l.contains(" INFO ")).toList();
        List<String> summaries = info.stream().filter(l -> l.contains("exchanges delivered") && l.contains("[sync, "))
                .toList();
        assertEquals(2, summaries.size(), "one summary per poll: " + summaries);
        List<String> perMessage = info.stream()
                .filter(l -> ids(delivered).stream().anyMatch(l::contains)).toList();
        assertEquals(List.of(), perMessage, "INFO lines naming a delivered message");
    }

    @Test
    void oneNewMessageInOneOf200ConversationsCostsTwoRequests() throws Exception {
        seed(SESSION, 200, 2);
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);
        assertEquals(400, consumer.poll());
        simulator.clearRequests();
        delivered.clear();

        Message added = simulator.addMessage(SESSION, "c-137", "customer", "One more thing");
        int count = consumer.poll();

        assertEquals(1, count);
        assertEquals(List.of(added.getId()), ids(delivered));
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
        assertEquals(expectedMessageIds(SESSION), ids(delivered));
        Exchange first = delivered.get(0);
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
        Message inOld = simulator.addMessage(SESSION, "c-2", "agent", "Anything else?");
        simulator.addConversation(SESSION, "c-new");
        Message inNew1 = simulator.addMessage(SESSION, "c-new", "customer", "Hi");
        Message inNew2 = simulator.addMessage(SESSION, "c-new", "sate", "Hello!");

        assertEquals(3, consumer.poll());
        assertEquals(List.of(inOld.getId(), inNew1.getId(), inNew2.getId()), ids(delivered));
    }

    @Test
    void twoSessionsWithConcurrentFetchesKeepEachConversationsOrder() throws Exception {
        seed("s-a", 20, 10);
        seed("s-b", 10, 10);
        EusatePollingConsumer consumer = start("eusate:messages?sessionIds=s-a,s-b&concurrency=8");

        assertEquals(300, consumer.poll());

        assertEquals(expectedMessageIds("s-a", "s-b"), ids(delivered));
        assertEquals(2, simulator.requests().stream().filter(RecordedRequest::isConversationList).count());
        assertEquals(30, simulator.requests().stream().filter(r -> r.conversationId() != null).count());
    }

    @Test
    void aFailedMessageAndItsConversationsLaterOnesComeAgainUntilTheyGoThrough() throws Exception {
        seed(SESSION, 2, 5);
        List<Message> c1 = simulator.messages(SESSION, "c-1");
        failOnMessageId = c1.get(2).getId();
        EusatePollingConsumer consumer = start("eusate:messages?sessionId=" + SESSION);

        assertEquals(7, consumer.poll()); // c-1's first two, all five of c-2
        assertEquals(List.of(c1.get(0).getId(), c1.get(1).getId()),
                ids(delivered).stream().filter(id -> c1.stream().anyMatch(m -> m.getId().equals(id))).toList());
        assertEquals(0, consumer.poll());
        assertEquals(List.of(failOnMessageId, failOnMessageId), ids(received).stream()
                .filter(failOnMessageId::equals).toList(), "the failed message is tried again, its successors are not");

        failOnMessageId = null;
        assertEquals(3, consumer.poll());
        assertEquals(0, consumer.poll());

        List<String> all = ids(delivered);
        assertEquals(Set.copyOf(expectedMessageIds(SESSION)), Set.copyOf(all));
        assertEquals(all.size(), Set.copyOf(all).size(), "no message delivered twice: " + all);
    }

    @Test
    void aResponseWithoutTheAnnouncedLatestMessageKeepsTheConversationOpenForTheNextPoll() throws Exception {
        seed(SESSION, 1, 3);
        List<Message> messages = simulator.messages(SESSION, "c-1");
        ConversationMessages lagging = new ConversationMessages();
        lagging.setId("c-1");
        lagging.setMessages(new ArrayList<>(messages.subList(0, 2)));
        simulator.respondNextWith(path -> path.endsWith("/messages/"), 200, "application/json",
                EusateJson.mapper().writeValueAsString(lagging));
        MessagesConsumer consumer = (MessagesConsumer) start("eusate:messages?sessionId=" + SESSION);

        assertEquals(2, consumer.poll());
        assertEquals(1, consumer.getIncompleteFetches());

        assertEquals(1, consumer.poll());
        assertEquals(0, consumer.poll());
        assertEquals(messages.stream().map(Message::getId).toList(), ids(delivered));
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
        assertEquals(expectedMessageIds(SESSION), ids(delivered));
    }

    @Test
    void aRestartOfTheRouteOrOfTheCamelContextRedeliversNothing(@TempDir Path dir) throws Exception {
        seed(SESSION, 5, 3);
        FileStateRepository repository = FileStateRepository.fileStateRepository(dir.resolve("state.dat").toFile());
        context.getRegistry().bind("fileState", repository);
        String uri = "eusate:messages?stateRepository=#fileState&sessionId=" + SESSION;
        assertEquals(15, start(uri).poll());

        context.getRouteController().stopRoute("sync");
        Message whileStopped = simulator.addMessage(SESSION, "c-4", "customer", "Still there?");
        context.getRouteController().startRoute("sync");
        assertEquals(1, syncConsumer().poll());

        Message afterRestart = simulator.addMessage(SESSION, "c-5", "agent", "Yes!");
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
        assertEquals(List.of(whileStopped.getId(), afterRestart.getId()), all.subList(15, 17));
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
        EusatePollingConsumer consumer = start("eusate:conversations?sessionId=" + SESSION);
        assertEquals(3, consumer.poll());
        assertEquals(Map.of("c-1", ChangeType.CREATED, "c-2", ChangeType.CREATED, "c-3", ChangeType.CREATED), changes());
        assertEquals(0, consumer.poll());
        Conversation beforeRemoval = lastDelivered("c-1");

        delivered.clear();
        simulator.closeConversation(SESSION, "c-2");
        simulator.addConversation(SESSION, "c-4");
        simulator.removeConversation(SESSION, "c-1");
        assertEquals(3, consumer.poll());

        assertEquals(Map.of("c-2", ChangeType.UPDATED, "c-4", ChangeType.CREATED, "c-1", ChangeType.REMOVED), changes());
        assertEquals(true, lastDelivered("c-2").getClosed());
        Conversation removed = lastDelivered("c-1");
        assertEquals(beforeRemoval.getDateUpdated(), removed.getDateUpdated());
        assertEquals(beforeRemoval.getLatestMessage().getId(), removed.getLatestMessage().getId());
        assertEquals(SESSION, removed.getSessionId());
        assertEquals(0, consumer.poll());
        assertEquals(4, simulator.requests().size(), "conversations need only the list: one request per poll");
        assertTrue(simulator.requests().stream().allMatch(RecordedRequest::isConversationList));
    }

    @Test
    void aNewMessageOrReadFlagIsAConversationUpdate() throws Exception {
        seed(SESSION, 2, 1);
        EusatePollingConsumer consumer = start("eusate:conversations?sessionId=" + SESSION);
        consumer.poll();
        delivered.clear();

        simulator.update(SESSION, "c-1", c -> c.setReadByAgent(true));
        Message latest = simulator.addMessage(SESSION, "c-2", "agent", "Done");

        assertEquals(2, consumer.poll());
        assertEquals(Map.of("c-1", ChangeType.UPDATED, "c-2", ChangeType.UPDATED), changes());
        assertEquals(true, lastDelivered("c-1").getReadByAgent());
        assertEquals(latest.getId(), lastDelivered("c-2").getLatestMessage().getId());
    }

    // ---- helpers

    private void seed(String session, int conversations, int messagesEach) {
        for (int c = 1; c <= conversations; c++) {
            simulator.addConversation(session, "c-" + c);
            for (int m = 1; m <= messagesEach; m++) {
                simulator.addMessage(session, "c-" + c, m % 2 == 1 ? "customer" : "sate", "message " + m + " of c-" + c);
            }
        }
    }

    /** Every message of the sessions' conversations, conversation by conversation, oldest first. */
    private static List<String> expectedMessageIds(String... sessions) {
        List<String> ids = new ArrayList<>();
        for (String session : sessions) {
            for (String conversation : simulator.conversationIds(session)) {
                simulator.messages(session, conversation).stream()
                        .sorted(Comparator.comparing(Message::getDateCreated)).map(Message::getId).forEach(ids::add);
            }
        }
        return ids;
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
