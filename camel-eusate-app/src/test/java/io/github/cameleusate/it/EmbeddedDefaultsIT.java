package io.github.cameleusate.it;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.cameleusate.support.Prometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.cameleusate.support.Http.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's run command: the packaged application on its embedded defaults, and the production profile's guard. */
class EmbeddedDefaultsIT {

    @Test
    void theDemoSyncsTheChangingSimulatorIntoH2(@TempDir Path dataDir) throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.profile", "dev");
        properties.put("eusate.data-dir", dataDir.toString());
        properties.put("eusate.poll.delay", "1000");
        properties.put("eusate.simulator.activity-period", "200");

        try (ApplicationProcess app = ApplicationProcess.start(dataDir.resolve("application.log"), Map.of(), properties)) {
            assertTrue(app.output().contains("Built-in Eusate API simulator at http://127.0.0.1:"), app.output());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> app.output().lines().filter(l -> l.contains("messages-to-db-0:")).count() >= 3);
            HttpResponse<String> ready = get(app.httpUrl().resolve("/q/health/ready"));
            assertEquals(200, ready.statusCode(), ready.body());
            Prometheus metrics = Prometheus.scrape(app.httpUrl().resolve("/q/metrics"));
            assertTrue(metrics.sum("eusate_messages_delivered_total", Map.of("route", "messages-to-db-0")) >= 2400,
                    "messages delivered, per the metrics");
            app.stop();
        }

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("eusate-db"), "sa", "")) {
            // 3 demo sessions of 100 conversations with 8 messages each, and what arrived while it ran
            assertTrue(count(c, "eusate_message") >= 2400, "messages in H2");
            assertTrue(count(c, "eusate_conversation") >= 300, "conversations in H2");
        }
    }

    @Test
    void inProductionAMissingApiKeyStopsStartupWithOneClearMessage(@TempDir Path dataDir) throws Exception {
        Path log = dataDir.resolve("application.log");
        Map<String, String> environment = Map.of("EUSATE_DATA_DIR", dataDir.toString());

        IllegalStateException failure = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ApplicationProcess.start(log, environment, Map.of()).close());

        String output = failure.getMessage();
        assertTrue(output.contains("The application exited"), output);
        assertTrue(output.contains("No apiKey for the Eusate API: set camel.component.eusate.api-key"), output);
        assertFalse(output.contains("Built-in Eusate API simulator"), "the simulator never starts in production");
    }

    private static int count(Connection c, String table) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
