package io.github.cameleusate.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.simulator.DemoData;
import io.github.cameleusate.simulator.EusateSimulator;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/database.yaml in the packaged application, on H2 and on a real PostgreSQL server: every message and
 * conversation lands once, changes are upserted, and a full redelivery (state lost) duplicates nothing.
 */
class DatabasePipelineIT {

    private static final String LONG_SESSION = "session%".repeat(40);
    private static final String LONG_CONVERSATION = "conversation-".repeat(30);

    private static EusateSimulator simulator;
    private static Server h2;
    private static PostgresServer postgres;

    /** The two databases the routes run on, each with the application's configuration to reach it. */
    enum Database {
        H2 {
            @Override
            String jdbcUrl() {
                return "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/eusate";
            }

            @Override
            Map<String, String> configure(Map<String, String> properties, Map<String, String> environment) {
                properties.put("quarkus.datasource.h2.jdbc.url", jdbcUrl());
                return properties;
            }
        },
        POSTGRESQL {
            @Override
            String jdbcUrl() {
                return postgres.jdbcUrl();
            }

            @Override
            Map<String, String> configure(Map<String, String> properties, Map<String, String> environment) {
                properties.put("quarkus.profile", "prod,postgresql");
                environment.put("EUSATE_DB_URL", jdbcUrl());
                environment.put("EUSATE_DB_USER", postgres.user());
                return properties;
            }
        };

        abstract String jdbcUrl();

        abstract Map<String, String> configure(Map<String, String> properties, Map<String, String> environment);

        Connection connect() throws SQLException {
            return this == H2 ? DriverManager.getConnection(jdbcUrl(), "sa", "")
                    : DriverManager.getConnection(jdbcUrl(), postgres.user(), "");
        }
    }

    @BeforeAll
    static void startServers() throws Exception {
        simulator = EusateSimulator.start(Pipelines.API_KEY);
        System.setProperty("h2.bindAddress", "127.0.0.1");
        h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir",
                Files.createTempDirectory("eusate-h2").toString()).start();
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopServers() throws Exception {
        simulator.close();
        h2.stop();
        postgres.close();
    }

    @ParameterizedTest
    @EnumSource(Database.class)
    void everyMessageAndConversationLandsOnceAndChangesAreUpserted(Database database, @TempDir Path dataDir)
            throws Exception {
        simulator.reset();
        DemoData.seed(simulator, 2, 15, 5, 7);
        // ids longer than the former columns, and a state key far longer once percent-encoded: stored in full
        simulator.addConversation(LONG_SESSION, LONG_CONVERSATION);
        simulator.addMessage(LONG_SESSION, LONG_CONVERSATION, "customer", "Long ids");
        int conversations = 31;
        int poisoned = 0;
        Map<String, String> environment = Pipelines.environment(simulator, dataDir);
        Map<String, String> properties = Pipelines.properties();
        properties.put("eusate.db.enabled", "true");
        database.configure(properties, environment);
        Path log = dataDir.resolve("application.log");

        try (ApplicationProcess app = ApplicationProcess.start(log, environment, properties)) {
            awaitRows(database, simulator.messageCount(), conversations);
            assertEquals(List.of(LONG_SESSION, LONG_CONVERSATION), row(database,
                    "SELECT session_id, conversation_id FROM eusate_message WHERE conversation_id = ?", LONG_CONVERSATION));
            SimulatedMessage message = simulator.messages("demo-session-2", "conv-2-3").get(1);
            assertEquals(List.of("conv-2-3", "demo-session-2", message.text(), message.sender()),
                    row(database, "SELECT conversation_id, session_id, message, sender FROM eusate_message WHERE id = ?",
                            message.id()));
            assertTrue(row(database, "SELECT raw_json FROM eusate_message WHERE id = ?", message.id()).get(0)
                    .contains("\"ticket_chat\":\"conv-2-3\""));

            List<SimulatedMessage> added = new ArrayList<>();
            added.add(simulator.addMessage("demo-session-1", "conv-1-4", "customer", "Any news?"));
            added.add(simulator.addMessage("demo-session-1", "conv-1-4", "agent", "Shipped today."));
            simulator.closeConversation("demo-session-1", "conv-1-5");
            simulator.removeConversation("demo-session-2", "conv-2-1");
            awaitRows(database, simulator.messageCount() + 5, conversations);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "true".equals(row(database, "SELECT closed FROM eusate_conversation WHERE id = ?", "conv-1-5").get(0))
                    && "true".equals(row(database, "SELECT removed FROM eusate_conversation WHERE id = ?", "conv-2-1").get(0)));
            assertEquals(List.of("conv-1-4", added.get(1).id()),
                    row(database, "SELECT id, latest_message_id FROM eusate_conversation WHERE id = ?", "conv-1-4"));
            if (database == Database.POSTGRESQL) {
                // a text PostgreSQL refuses for good (a NUL character): dead-lettered, and its conversation moves on
                SimulatedMessage poison = simulator.addMessage("demo-session-1", "conv-1-3", "customer", "bad\u0000byte");
                SimulatedMessage next = simulator.addMessage("demo-session-1", "conv-1-3", "agent", "after the bad one");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !row(database, "SELECT id FROM eusate_message WHERE id = ?", next.id()).isEmpty());
                List<String> deadLetter = row(database, "SELECT route, conversation_id, body, error FROM eusate_dead_letter"
                                                        + " WHERE message_id = ?", poison.id());
                assertEquals(List.of("messages-to-db-0", "conv-1-3"), deadLetter.subList(0, 2));
                assertTrue(deadLetter.get(2).contains("\"id\":\"" + poison.id() + "\""), deadLetter.get(2));
                assertTrue(deadLetter.get(3).contains("0x00"), deadLetter.get(3));
                poisoned = 1;
            }
            app.stop();
        }

        // lose the consumers' state: everything is delivered again, and the upserts keep one row per id; a row that a
        // newer version had reached (as a new leader writes while a stale one still delivers) is not moved back
        try (Connection c = database.connect()) {
            assertTrue(c.createStatement().executeUpdate("DELETE FROM eusate_state") > 0, "the positions are in the database");
            assertEquals(1, c.createStatement().executeUpdate("UPDATE eusate_conversation SET responder = 'newer',"
                                                              + " date_updated = date_updated + INTERVAL '1' DAY WHERE id = 'conv-1-4'"));
        }
        try (ApplicationProcess app = ApplicationProcess.start(log, environment, properties)) {
            SimulatedMessage late = simulator.addMessage("demo-session-2", "conv-2-2", "customer", "One more");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !row(database, "SELECT id FROM eusate_message WHERE id = ?", late.id()).isEmpty());
            awaitRows(database, simulator.messageCount() + 5 - poisoned, conversations);
            // every conversation of the session delivered again (its position committed after its upsert)
            await().atMost(Duration.ofSeconds(30)).until(() -> scalar(database,
                    "SELECT COUNT(*) FROM eusate_state WHERE state_key LIKE 'conversations/db/demo-session-1/%'")
                    == simulator.conversationIds("demo-session-1").size());
            app.stop();
        }
        assertEquals(List.of("newer"), row(database, "SELECT responder FROM eusate_conversation WHERE id = ?", "conv-1-4"),
                "an older version does not overwrite a newer one");
        String output = Files.readString(log);
        assertEquals(List.of(), output.lines().filter(l -> l.contains(" ERROR ") && !l.contains("[eusate.dead-letter]")
                                                            && !l.contains("0x00")).toList(),
                "errors in the application's log other than the dead letter's");
        assertFalse(output.contains(Pipelines.API_KEY), "the API key is in the application's log");
    }

    private static int scalar(Database database, String sql) throws SQLException {
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits until the tables hold exactly this many messages (those of removed conversations stay) and conversations. */
    private static void awaitRows(Database database, int messages, int conversations) throws SQLException {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> count(database, "eusate_message") >= messages
                             && count(database, "eusate_conversation") >= conversations);
        assertEquals(messages, count(database, "eusate_message"));
        assertEquals(conversations, count(database, "eusate_conversation"));
    }

    private static int count(Database database, String table) throws SQLException {
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            if (e.getMessage().toLowerCase().contains("not found") || e.getMessage().contains("does not exist")) {
                return 0; // Flyway has not created the tables yet
            }
            throw e;
        }
    }

    private static List<String> row(Database database, String sql, String id) throws SQLException {
        try (Connection c = database.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> values = new ArrayList<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        values.add(String.valueOf(rs.getObject(i)).toLowerCase().equals("true") ? "true" : rs.getString(i));
                    }
                }
                return values;
            }
        }
    }
}
