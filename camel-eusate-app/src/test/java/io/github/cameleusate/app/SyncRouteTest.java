package io.github.cameleusate.app;

import java.time.Duration;
import java.util.List;

import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.simulator.EusateSimulator;
import io.github.cameleusate.simulator.RecordedRequest;
import io.github.cameleusate.support.CapturedLogs;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application as configured in application.properties, running routes/sync-conversations.yaml on the simulator. */
@QuarkusTest
class SyncRouteTest {

    private static final String SESSION = "demo-session-1";

    final CapturedLogs logs = new CapturedLogs("eusate", "io.github.cameleusate", "org.apache.camel");

    @Inject
    EmbeddedSimulator embedded;

    @ConfigProperty(name = "camel.component.eusate.api-key")
    String apiKey;

    @BeforeEach
    void captureLogs() {
        logs.start();
    }

    @AfterEach
    void stopCapturing() {
        logs.stop();
    }

    @Test
    void theClassicYamlRouteLogsEachNewMessageOnceAsJson() {
        EusateSimulator simulator = embedded.simulator();
        String conversation = simulator.conversationIds(SESSION).get(3);
        SimulatedMessage added = simulator.addMessage(SESSION, conversation, "customer", "Where is order 4711?");

        await().atMost(Duration.ofSeconds(30)).until(() -> logged(added.id()));
        int timerRuns = listRequests(simulator);
        await().atMost(Duration.ofSeconds(30)).until(() -> listRequests(simulator) >= timerRuns + 2);

        List<String> lines = logs.linesOf("eusate", "\"id\":\"" + added.id() + "\"");
        assertEquals(1, lines.size(), "logged once, however often the timer fetched it: " + lines);
        assertTrue(lines.get(0).contains("\"message\":\"Where is order 4711?\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"ticket_chat\":\"" + conversation + "\""), lines.get(0));
        assertTrue(lines.get(0).contains("CamelEusateSessionId=" + SESSION), lines.get(0));
        List<RecordedRequest> requests = simulator.requests();
        assertTrue(requests.stream().filter(r -> SESSION.equals(r.sessionId()) && r.conversationId() != null)
                .map(RecordedRequest::conversationId).toList().containsAll(simulator.conversationIds(SESSION)),
                "the route fetches the messages of every conversation of the session");
        assertTrue(requests.stream().allMatch(r -> r.status() == 200 && ("Bearer " + apiKey).equals(r.authorization())));
        assertEquals(List.of(), logs.linesContaining(apiKey), "log lines holding the API key");
    }

    private static int listRequests(EusateSimulator simulator) {
        return (int) simulator.requests().stream().filter(r -> r.isConversationList() && SESSION.equals(r.sessionId()))
                .count();
    }

    private boolean logged(String messageId) {
        return !logs.linesOf("eusate", "\"id\":\"" + messageId + "\"").isEmpty();
    }
}
