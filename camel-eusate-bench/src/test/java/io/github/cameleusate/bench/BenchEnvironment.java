package io.github.cameleusate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.cameleusate.bench.BenchScale.DataSet;
import io.github.cameleusate.simulator.EusateSimulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** What every run shares: the simulator holding the data sets, a Kafka broker, and a working directory. */
final class BenchEnvironment implements AutoCloseable {

    static final String API_KEY = "bench-key-31c9a7e2-never-logged";
    /** The routes the benchmark compares, and their sinks (the build sets bench.routes). */
    static final Path ROUTES = Path.of(System.getProperty("bench.routes", "camel-eusate-bench/routes"));

    final EusateSimulator simulator;
    final Path workDir;
    private final KafkaClusterTestKit kafka;
    private final Set<DataSet> seeded = new HashSet<>();

    BenchEnvironment(Path workDir, boolean withKafka) throws Exception {
        deleteQuietly(workDir); // H2 files and logs of an earlier run
        this.workDir = Files.createDirectories(workDir).toAbsolutePath();
        this.simulator = EusateSimulator.start(API_KEY);
        if (withKafka) {
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                    .setPerServerProperties(Map.of(0, Map.of("auto.create.topics.enable", "false")))
                    .build()).build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
        } else {
            kafka = null;
        }
    }

    String kafkaBrokers() {
        if (kafka == null) {
            throw new IllegalStateException("no Kafka broker in this benchmark run");
        }
        return kafka.bootstrapServers();
    }

    /**
     * Creates a topic of 3 partitions and waits until each has a leader, so that no send of a run waits for (or fails
     * on) the creation of its partition. An idempotent producer's batch that fails and is retried after a later one
     * succeeded is retried forever with OUT_OF_ORDER_SEQUENCE_NUMBER (KAFKA-14359); that stopped one run here, on a
     * topic the first send had created.
     */
    void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBrokers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("Topic " + topic + " has partitions without a leader after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Puts a data set into the simulator, once: its sessions of N conversations with M messages each. (Seeded again, a
     * data set would have its messages twice.)
     */
    void seed(DataSet dataSet) {
        if (!seeded.add(dataSet)) {
            return;
        }
        for (String session : dataSet.sessionIds()) {
            for (int c = 0; c < dataSet.conversationsPerSession(); c++) {
                String conversation = "c-" + c;
                simulator.addConversation(session, conversation);
                for (int m = 0; m < dataSet.messagesPerConversation(); m++) {
                    simulator.addMessage(session, conversation, m % 2 == 0 ? "customer" : "agent",
                            "Message " + m + " of conversation " + c + ": where is my order, and when will it arrive?");
                }
            }
        }
    }

    /** Adds one message to share of the data set's conversations, spread evenly over them; returns how many changed. */
    int changeShare(DataSet dataSet, double share) {
        List<String[]> conversations = dataSet.sessionIds().stream()
                .flatMap(s -> simulator.conversationIds(s).stream().map(c -> new String[] { s, c })).toList();
        int changed = Math.max(1, (int) Math.round(conversations.size() * share));
        int step = conversations.size() / changed;
        for (int i = 0; i < changed; i++) {
            String[] conversation = conversations.get(i * step);
            simulator.addMessage(conversation[0], conversation[1], "customer", "One more question.");
        }
        return changed;
    }

    /** The messages the simulator holds for a data set now. */
    int messageCount(DataSet dataSet) {
        return dataSet.sessionIds().stream().mapToInt(s -> simulator.conversationIds(s).stream()
                .mapToInt(c -> simulator.messages(s, c).size()).sum()).sum();
    }

    @Override
    public void close() throws Exception {
        simulator.close();
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the benchmark's work directory " + dir, e);
        }
    }
}
