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
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.simulator.EusateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
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
    private final List<String> idempotencyKeys = Collections.synchronizedList(new ArrayList<>());
    /** While false the CRM takes each POST and never answers it, as one that hangs while the application dies. */
    private volatile boolean answering = true;

    /** A CRM that fails conv-1 once with 503 and always rejects conv-2 with 400. */
    @BeforeEach
    void start() throws IOException {
        simulator = EusateSimulator.start(Pipelines.API_KEY);
        crm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        crm.setExecutor(Executors.newCachedThreadPool());
        crm.createContext("/crm/transcripts", exchange -> {
            JsonNode transcript = JSON.readTree(exchange.getRequestBody());
            posts.add(transcript);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            if (!answering) {
                await().atMost(Duration.ofMinutes(2)).until(() -> answering);
                exchange.close();
                return;
            }
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

    @Test
    void aTranscriptWhosePostWasCutShortByACrashIsPostedAfterTheRestart(@TempDir Path dataDir) throws Exception {
        for (int c = 1; c <= 3; c++) {
            simulator.addConversation(SESSION, "crash-" + c);
            simulator.addMessage(SESSION, "crash-" + c, "customer", "line " + c);
            simulator.closeConversation(SESSION, "crash-" + c);
        }
        Map<String, String> environment = Pipelines.environment(simulator, dataDir);
        environment.put("EUSATE_CRM_ENABLED", "true");
        environment.put("CRM_URL", "http://127.0.0.1:" + crm.getAddress().getPort() + "/crm/transcripts");
        Map<String, String> properties = Pipelines.properties();
        properties.remove("eusate.crm.enabled");
        // on PostgreSQL, what the application committed before the SIGKILL is there after it (H2 writes its file up to
        // a second after a commit, which would hide a premature commit)
        try (PostgresServer postgres = PostgresServer.start()) {
            properties.put("quarkus.profile", "prod,postgresql");
            environment.put("EUSATE_DB_URL", postgres.jdbcUrl());
            environment.put("EUSATE_DB_USER", postgres.user());
            answering = false;
            Path log = dataDir.resolve("application.log");
            try (ApplicationProcess app = ApplicationProcess.start(log, environment, properties)) {
                app.await(Duration.ofSeconds(60), () -> postsOf("crash-1") == 1);
                app.kill(); // the CRM has the POST and has not answered
            }
            answering = true;
            try (ApplicationProcess app = ApplicationProcess.start(log, environment, properties)) {
                app.await(Duration.ofSeconds(60), () -> postsOf("crash-1") == 2 && postsOf("crash-2") == 1
                                                       && postsOf("crash-3") == 1);
                app.stop();
            }
        }
        assertEquals(List.of("crash-1", "crash-1", "crash-2", "crash-3"), List.copyOf(idempotencyKeys));
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
