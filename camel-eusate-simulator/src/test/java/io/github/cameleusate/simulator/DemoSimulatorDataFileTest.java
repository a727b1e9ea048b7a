package io.github.cameleusate.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A demo simulator with a data file serves after a restart exactly what it served before, and goes on from there. */
class DemoSimulatorDataFileTest {

    private static final String KEY = "data-file-test-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRestartServesTheSameDataAndNewMessagesNeverRepeatAnId(@TempDir Path dir) throws Exception {
        Path dataFile = dir.resolve("demo").resolve("simulator.json");
        Map<String, String> before;
        Set<String> idsBefore;
        // given a demo that changed after it was seeded (as its activity changes it), then stopped
        try (DemoSimulator demo = DemoSimulator.start(settings(dataFile))) {
            EusateSimulator simulator = demo.simulator();
            Random random = new Random(3);
            for (int i = 0; i < 20; i++) {
                DemoData.evolve(simulator, random);
            }
            simulator.update("demo-session-1", "conv-1-2", c -> {
                c.setResponder(null);
                c.setReadByAgent(true);
            });
            before = answers(simulator);
            idsBefore = messageIds(simulator);
        }
        assertTrue(Files.exists(dataFile));

        // when it starts again on the same data file
        try (DemoSimulator restarted = DemoSimulator.start(settings(dataFile))) {
            // then every answer is the same, byte for byte
            assertEquals(before, answers(restarted.simulator()));

            // and what it adds now has new ids and later timestamps
            EusateSimulator simulator = restarted.simulator();
            String session = simulator.sessionIds().get(0);
            String conversation = simulator.conversationIds(session).get(0);
            SimulatedMessage previous = simulator.messages(session, conversation).get(
                    simulator.messages(session, conversation).size() - 1);
            SimulatedMessage added = simulator.addMessage(session, conversation, "customer", "after the restart");
            assertFalse(idsBefore.contains(added.id()), added.id() + " was already used");
            assertTrue(added.dateCreated().isAfter(previous.dateCreated()));
        }
    }

    private static DemoSimulator.Settings settings(Path dataFile) {
        return new DemoSimulator.Settings(KEY, 0, 2, 5, 4, 7, Duration.ZERO, dataFile);
    }

    /** What the API answers: each session's list and each conversation's messages, by request path. */
    private static Map<String, String> answers(EusateSimulator simulator) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String session : simulator.sessionIds()) {
            String list = "/api/v1/helpdesk/customer/" + session + "/conversations/";
            answers.put(list, get(simulator, list));
            for (String conversation : simulator.conversationIds(session)) {
                String messages = list + conversation + "/messages/";
                answers.put(messages, get(simulator, messages));
            }
        }
        return answers;
    }

    private static Set<String> messageIds(EusateSimulator simulator) {
        return simulator.sessionIds().stream()
                .flatMap(s -> simulator.conversationIds(s).stream().flatMap(c -> simulator.messages(s, c).stream()))
                .map(SimulatedMessage::id).collect(Collectors.toSet());
    }

    private static String get(EusateSimulator simulator, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .header("Authorization", "Bearer " + KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }
}
