package io.github.cameleusate.it;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cameleusate.support.Prometheus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.github.cameleusate.support.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's run command: the packaged application on its embedded defaults, and the demo's restart. */
class EmbeddedDefaultsIT {

    @Test
    void theDemoSyncsTheChangingSimulatorIntoH2(@TempDir Path dataDir) throws Exception {
        double delivered = runDemo(dataDir, THREE_POLLS, app -> {
            HttpResponse<String> ready = get(app.httpUrl().resolve("/q/health/ready"));
            assertEquals(200, ready.statusCode(), ready.body());
            double counted = Prometheus.scrape(app.httpUrl().resolve("/q/metrics"))
                    .sum("eusate_messages_delivered_total", Map.of("route", "messages-to-db-0"));
            assertTrue(counted >= 2400, "messages delivered, per the metrics: " + counted);
        });

        assertTrue(delivered >= 2400, "messages delivered, per the poll lines: " + delivered);
        try (Connection c = h2(dataDir)) {
            // 3 demo sessions of 100 conversations with 8 messages each, and what arrived while it ran
            assertTrue(count(c, "eusate_message") >= 2400, "messages in H2");
            assertTrue(count(c, "eusate_conversation") >= 300, "conversations in H2");
        }
    }

    @Test
    void aDemoStoppedMidPollGoesOnWhereItStoppedWithNoRedeliveryAndNoOverwrittenRow(@TempDir Path dataDir)
            throws Exception {
        // given a demo stopped (as by Ctrl-C) in the middle of its first poll of the messages, paced at 20 requests/s
        runDemo(dataDir, app -> app.output().contains("messages-to-db-0: polling for "), app -> { });
        Map<String, String> firstRun = messages(dataDir);

        // when it starts again on the same data directory and polls while its data set goes on changing
        double deliveredAfterRestart = runDemo(dataDir, THREE_POLLS, app -> { });

        // then it delivered only what is new, and every row of the first run is as it was
        Map<String, String> secondRun = messages(dataDir);
        int newRows = secondRun.size() - firstRun.size();
        assertTrue(deliveredAfterRestart > 0, "the changing demo delivered new messages after the restart");
        assertTrue(deliveredAfterRestart <= newRows,
                deliveredAfterRestart + " messages delivered after the restart for " + newRows + " new rows");
        firstRun.forEach((id, row) -> assertEquals(row, secondRun.get(id), "message " + id));
    }

    private static final Predicate<ApplicationProcess> THREE_POLLS =
            app -> app.output().lines().filter(l -> l.contains("messages-to-db-0: 3 session(s)")).count() >= 3;

    /**
     * Runs the packaged demo on {@code dataDir} until {@code until}, checks whatever {@code whileRunning} checks, stops
     * it (SIGTERM, as Ctrl-C) and returns how many messages it delivered, per its metrics. Whenever it is stopped, it
     * stops cleanly: the exchanges in flight complete, nothing fails.
     */
    private static double runDemo(Path dataDir, Predicate<ApplicationProcess> until, Check whileRunning) throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("quarkus.profile", "dev");
        properties.put("eusate.data-dir", dataDir.toString());
        properties.put("eusate.poll.delay", "1000");
        properties.put("eusate.simulator.activity-period", "200");

        try (ApplicationProcess app = ApplicationProcess.start(dataDir.resolve("application.log"), Map.of(), properties)) {
            assertTrue(app.output().contains("Built-in Eusate API simulator at http://127.0.0.1:"), app.output());
            app.await(Duration.ofSeconds(60), () -> until.test(app));
            whileRunning.check(app);
            app.stop();
            List<String> errors = app.output().lines().filter(l -> l.contains(" ERROR ")).toList();
            assertEquals(List.of(), errors, "errors logged by the demo:\n" + app.output());
            // what it delivered is what it logged
            return app.output().lines().filter(l -> l.contains("messages-to-db-0: 3 session(s)"))
                    .mapToInt(EmbeddedDefaultsIT::delivered).sum();
        }
    }

    /** The exchanges a poll line says were delivered: "..., 2410 exchanges delivered, ...". */
    private static int delivered(String pollLine) {
        Matcher delivered = Pattern.compile("(\\d+) exchanges delivered").matcher(pollLine);
        assertTrue(delivered.find(), pollLine);
        return Integer.parseInt(delivered.group(1));
    }

    private interface Check {
        void check(ApplicationProcess app) throws Exception;
    }

    /** Each message row of the demo's H2 database, by id. */
    private static Map<String, String> messages(Path dataDir) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = h2(dataDir);
             ResultSet rs = c.createStatement().executeQuery("SELECT id, date_created, message, raw_json FROM eusate_message")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        return rows;
    }

    private static Connection h2(Path dataDir) throws Exception {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("eusate-db"), "sa", "");
    }

    private static int count(Connection c, String table) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
