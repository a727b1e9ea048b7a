package io.github.cameleusate.app;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;

import io.agroal.api.AgroalDataSource;
import io.github.cameleusate.simulator.EusateSimulator;
import io.github.cameleusate.support.Prometheus;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import static io.github.cameleusate.support.Http.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application as configured (one instance, one shard): each route template of routes/ runs as the route of shard
 * 0, its position in the database under its own fence, its sessions read from the table eusate_session at every poll.
 */
@QuarkusTest
class ShardsAndSessionsTest {

    @Inject
    CamelContext context;

    @Inject
    @Named("eusateDataSource")
    AgroalDataSource dataSource;

    @Inject
    EmbeddedSimulator embedded;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @Test
    void eachTemplateRunsAsTheRouteOfShardZeroWithItsStateInTheDatabase() throws Exception {
        assertTrue(context.getRouteController().getRouteStatus("messages-to-db-0").isStarted());
        assertTrue(context.getRouteController().getRouteStatus("conversations-to-db-0").isStarted());
        assertTrue(context.getRouteController().getRouteStatus("messages-to-kafka-0").isStopped(), "Kafka is off");

        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT COUNT(*) FROM eusate_state WHERE state_key LIKE 'messages/db/%'") > 0);
        assertTrue(count("SELECT generation FROM eusate_fence WHERE fence = 'messages-to-db-0'") >= 1,
                "the route took its state over when it started");
        assertEquals(1.0, Prometheus.scrape(metrics).sum("eusate_shard_leader", Map.of("shard", "0")));
        await().atMost(Duration.ofSeconds(30)).until(() -> get(ready).statusCode() == 200);
        String health = get(ready).body();
        assertTrue(health.contains("\"eusate-shards\"") && health.contains("\"led\": \"0\""), health);
    }

    @Test
    void aSessionAddedToTheTableIsPolledAtTheNextPollAndARemovedOneNoLonger() throws Exception {
        EusateSimulator simulator = embedded.simulator();
        simulator.addConversation("added-session", "added-1");
        execute("INSERT INTO eusate_session (session_id) VALUES (?)", "added-session");

        await().atMost(Duration.ofSeconds(30)).until(() -> listed("added-session"));

        execute("DELETE FROM eusate_session WHERE session_id = ?", "added-session");
        // a poll that started before the row went may still list it: only the polls after the next ones count
        awaitTwoMorePolls();
        simulator.clearRequests();
        awaitTwoMorePolls();
        assertTrue(!listed("added-session"), "a retired session is no longer listed");
    }

    /** Until each consumer route has ended two more polls than now (so one of them started after now). */
    private void awaitTwoMorePolls() throws Exception {
        double messages = polls("messages-to-db-0");
        double conversations = polls("conversations-to-db-0");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> polls("messages-to-db-0") >= messages + 2 && polls("conversations-to-db-0") >= conversations + 2);
    }

    private double polls(String route) throws Exception {
        return Prometheus.scrape(metrics).sum("eusate_poll_seconds_count", Map.of("route", route));
    }

    private boolean listed(String session) {
        return embedded.simulator().requests().stream()
                .anyMatch(r -> r.isConversationList() && session.equals(r.sessionId()));
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private void execute(String sql, String value) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }
}
