package io.github.cameleusate.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.simulator.DemoData;
import io.github.cameleusate.simulator.EusateSimulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/kafka.yaml in the packaged application against a real Kafka broker (in-process KRaft), read back with a real
 * Kafka consumer.
 */
class KafkaPipelineIT {

    private static final String MESSAGES = "eusate.messages";
    private static final String CONVERSATIONS = "eusate.conversations";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static KafkaClusterTestKit kafka;
    private static EusateSimulator simulator;

    private final List<ConsumerRecord<String, String>> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<ConsumerRecord<String, String>> conversations = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build()).build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(MESSAGES, 3, (short) 1),
                    new NewTopic(CONVERSATIONS, 3, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get();
        }
        simulator = EusateSimulator.start(Pipelines.API_KEY);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        simulator.close();
        kafka.close();
    }

    @Test
    void recordsAreKeyedByConversationInOrderWithTombstonesAndNoDuplicatesAcrossARestart(@TempDir Path dataDir)
            throws Exception {
        DemoData.seed(simulator, 2, 8, 4, 11);
        Map<String, String> environment = Pipelines.environment(simulator, dataDir);
        environment.put("EUSATE_KAFKA_BROKERS", kafka.bootstrapServers());
        Map<String, String> properties = Pipelines.properties();
        properties.put("eusate.kafka.enabled", "true");
        Path log = dataDir.resolve("application.log");
        List<String> firstRunIds = new ArrayList<>();

        try (KafkaConsumer<String, String> consumer = consumer();
             ApplicationProcess app = ApplicationProcess.start(log, environment, properties)) {
            awaitRecords(app, consumer, simulator.messageCount(), 16);

            for (ConsumerRecord<String, String> record : messages) {
                JsonNode value = JSON.readTree(record.value());
                assertEquals(value.get("ticket_chat").asText(), record.key(), "keyed by conversation");
                String session = new String(record.headers().lastHeader("eusate-session-id").value());
                assertEquals(record.key(), new String(record.headers().lastHeader("eusate-conversation-id").value()));
                assertEquals(simulator.messages(session, record.key()).stream()
                        .filter(m -> m.id().equals(value.get("id").asText())).findFirst().orElseThrow().text(),
                        value.get("message").asText());
            }
            for (String session : simulator.sessionIds()) {
                for (String conversation : simulator.conversationIds(session)) {
                    assertEquals(simulator.messages(session, conversation).stream().map(SimulatedMessage::id).toList(),
                            messageIdsOf(conversation), "the order of conversation " + conversation);
                }
            }

            firstRunIds.addAll(messages.stream().map(KafkaPipelineIT::valueId).toList());
            simulator.removeConversation("demo-session-1", "conv-1-2");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                readInto(consumer);
                return conversations.stream().anyMatch(r -> r.key().equals("conv-1-2") && r.value() == null);
            });
            app.stop();
        }

        SimulatedMessage whileDown = simulator.addMessage("demo-session-2", "conv-2-5", "customer", "Hello again");
        String tooLargeId;
        try (KafkaConsumer<String, String> consumer = consumer();
             ApplicationProcess app = ApplicationProcess.start(log, environment, properties)) {
            SimulatedMessage afterRestart = simulator.addMessage("demo-session-1", "conv-1-1", "agent", "Welcome back");
            // a record over the producer's max.request.size (1 MiB) fails for good: dead-lettered, its conversation
            // goes on
            tooLargeId = simulator.addMessage("demo-session-2", "conv-2-6", "customer", "x".repeat(1_200_000)).id();
            SimulatedMessage behind = simulator.addMessage("demo-session-2", "conv-2-6", "agent", "After the large one");
            awaitRecords(app, consumer, firstRunIds.size() + 3, 0);
            List<String> ids = messages.stream().map(KafkaPipelineIT::valueId).toList();
            assertEquals(new HashSet<>(ids).size(), ids.size(), "no message twice across the restart");
            List<String> expected = new ArrayList<>(firstRunIds);
            expected.add(whileDown.id());
            expected.add(afterRestart.id());
            expected.add(behind.id());
            assertEquals(new HashSet<>(expected), new HashSet<>(ids));
            app.stop();
            assertFalse(app.output().contains(Pipelines.API_KEY), "the API key is in the application's log");
        }
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("eusate-db"), "sa", "");
             ResultSet rows = db.createStatement().executeQuery(
                     "SELECT route, message_id, error FROM eusate_dead_letter WHERE route = 'messages-to-kafka-0'")) {
            assertTrue(rows.next(), "the record too large is in eusate_dead_letter");
            assertEquals(tooLargeId, rows.getString("message_id"));
            assertTrue(rows.getString("error").contains("RecordTooLargeException"), rows.getString("error"));
            assertFalse(rows.next(), "once");
        }
    }

    private KafkaConsumer<String, String> consumer() {
        messages.clear();
        conversations.clear();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        // every partition from its beginning, without a consumer group
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(MESSAGES, CONVERSATIONS)) {
            for (int p = 0; p < 3; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private void awaitRecords(ApplicationProcess app, KafkaConsumer<String, String> consumer, int messageCount,
                              int conversationCount) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                readInto(consumer);
                return messages.size() >= messageCount && conversations.size() >= conversationCount;
            });
        } catch (RuntimeException e) {
            throw new AssertionError(messages.size() + " of " + messageCount + " message records, " + conversations.size()
                                     + " of " + conversationCount + " conversation records; the application's log:\n"
                                     + app.output(), e);
        }
        assertEquals(messageCount, messages.size(), "message records");
    }

    private void readInto(KafkaConsumer<String, String> consumer) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            (record.topic().equals(MESSAGES) ? messages : conversations).add(record);
        }
    }

    private List<String> messageIdsOf(String conversation) {
        return messages.stream().filter(r -> r.key().equals(conversation)).map(KafkaPipelineIT::valueId).toList();
    }

    private static String valueId(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
