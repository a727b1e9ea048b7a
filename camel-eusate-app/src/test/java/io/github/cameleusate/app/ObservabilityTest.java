package io.github.cameleusate.app;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.github.cameleusate.support.Prometheus;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static io.github.cameleusate.support.Http.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/metrics and /q/health of the application as configured, syncing the simulator's sessions into H2. */
@QuarkusTest
class ObservabilityTest {

    private static final String SESSION = "demo-session-1";

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @ConfigProperty(name = "camel.component.eusate.api-key")
    String apiKey;

    @Test
    void metricsCountRequestsPollsAndDeliveriesPerSession() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape().sum("eusate_messages_delivered_total",
                        Map.of("route", "messages-to-db-0", "session", SESSION)) > 0);
        Prometheus scraped = scrape();

        assertTrue(scraped.sum("eusate_api_requests_seconds_count", Map.of("operation", "messages", "status", "200")) > 0,
                "message list requests counted by operation and status");
        assertTrue(scraped.sum("eusate_api_requests_seconds_count",
                Map.of("operation", "conversations", "status", "200")) > 0);
        assertTrue(scraped.sum("eusate_poll_seconds_count",
                Map.of("route", "messages-to-db-0", "operation", "messages", "outcome", "success")) > 0);
        assertTrue(scraped.sum("eusate_conversation_changes_delivered_total",
                Map.of("route", "conversations-to-db-0", "session", SESSION, "change", "CREATED")) > 0);
        double lag = scraped.sum("eusate_sync_lag_seconds", Map.of("route", "messages-to-db-0", "session", SESSION));
        assertTrue(lag >= 0, "sync lag of the newest delivered message: " + lag);
        assertEquals(-1, scraped.sum("eusate_api_retries_total", Map.of()), "no retry against a healthy simulator");
        assertFalse(scraped.toString().contains(apiKey), "the API key is not in the metrics");
    }

    @Test
    void readinessIsUpOnceTheConsumersHavePolled() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ready).statusCode() == 200);

        String body = get(ready).body();
        assertTrue(body.contains("\"status\": \"UP\""), body);
        assertTrue(body.matches("(?s).*\"name\": \"camel-consumers\",\\s*\"status\": \"UP\".*"), body);
        assertFalse(body.contains(apiKey), "the API key is not in the health output");
    }

    private Prometheus scrape() throws IOException, InterruptedException {
        return Prometheus.scrape(metrics);
    }
}
