package io.github.cameleusate.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.simulator.EusateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/crm.yaml in the packaged application against a local CRM endpoint: one POST of the full transcript per
 * closed conversation, 5xx retried, 4xx dead-lettered and never posted again.
 */
class CrmPipelineIT {

    private static final String SESSION = "crm-session";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EusateSimulator simulator;
    private HttpServer crm;
    private final List<JsonNode> posts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    /** A CRM that fails conv-1 once with 503 and always rejects conv-2 with 400. */
    @BeforeEach
    void start() throws IOException {
        simulator = EusateSimulator.start(Pipelines.API_KEY);
        crm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        crm.createContext("/crm/transcripts", exchange -> {
            JsonNode transcript = JSON.readTree(exchange.getRequestBody());
            posts.add(transcript);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            String id = transcript.get("id").asText();
            int status = id.equals("conv-2") ? 400 : id.equals("conv-1") && postsOf("conv-1") == 1 ? 503 : 201;
            byte[] body = ("{\"status\": " + status + ", \"reason\": \"" + (status == 400 ? "unknown ticket" : "ok") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        crm.start();
    }

    @AfterEach
    void stop() {
        crm.stop(0);
        simulator.close();
    }

    @Test
    void eachClosedConversationsTranscriptIsPostedOnce(@TempDir Path dataDir) throws Exception {
        for (int c = 1; c <= 4; c++) {
            simulator.addConversation(SESSION, "conv-" + c);
            for (int m = 1; m <= 3; m++) {
                simulator.addMessage(SESSION, "conv-" + c, m % 2 == 1 ? "customer" : "agent", "line " + m);
            }
        }
        Map<String, String> environment = Pipelines.environment(simulator, dataDir);
        environment.put("EUSATE_CRM_ENABLED", "true");
        environment.put("CRM_URL", "http://127.0.0.1:" + crm.getAddress().getPort() + "/crm/transcripts");
        environment.put("CRM_TOKEN", "crm-token-123");
        Map<String, String> properties = Pipelines.properties();
        properties.remove("eusate.crm.enabled");
        properties.put("crm.retry-delay", "100");

        try (ApplicationProcess app = ApplicationProcess.start(dataDir.resolve("application.log"), environment, properties)) {
            simulator.closeConversation(SESSION, "conv-1");
            simulator.closeConversation(SESSION, "conv-2");
            simulator.closeConversation(SESSION, "conv-3");
            app.await(Duration.ofSeconds(60), () -> postsOf("conv-1") == 2 && postsOf("conv-2") == 1
                                                               && postsOf("conv-3") == 1
                                                               && app.output().contains("The CRM rejected the transcript"));

            // later changes to closed conversations, and more polls, post nothing again
            simulator.update(SESSION, "conv-2", c -> c.setReadByAgent(true));
            simulator.update(SESSION, "conv-3", c -> c.setReadByAgent(true));
            int polls = polls(app);
            app.await(Duration.ofSeconds(30), () -> polls(app) >= polls + 4);
            assertEquals(List.of(2, 1, 1, 0), List.of(postsOf("conv-1"), postsOf("conv-2"), postsOf("conv-3"),
                    postsOf("conv-4")), app.output());

            JsonNode transcript = posts.stream().filter(p -> p.get("id").asText().equals("conv-3")).findFirst().orElseThrow();
            assertEquals(true, transcript.get("closed").asBoolean());
            List<String> messageIds = new ArrayList<>();
            transcript.get("messages").forEach(m -> messageIds.add(m.get("id").asText()));
            assertEquals(simulator.messages(SESSION, "conv-3").stream().map(SimulatedMessage::id).toList(), messageIds);
            assertTrue(authorizations.stream().allMatch("Bearer crm-token-123"::equals), authorizations.toString());
            String deadLetter = app.output().lines().filter(l -> l.contains("The CRM rejected the transcript")).findFirst()
                    .orElseThrow();
            assertTrue(deadLetter.contains("conv-2") && deadLetter.contains("400") && deadLetter.contains("unknown ticket"),
                    deadLetter);
            app.stop();
        }
    }

    private int postsOf(String conversationId) {
        synchronized (posts) {
            return (int) posts.stream().filter(p -> Objects.equals(p.get("id").asText(), conversationId)).count();
        }
    }

    private static int polls(ApplicationProcess app) {
        return (int) app.output().lines().filter(l -> l.contains("closed-conversations-to-crm-0:")).count();
    }
}
