package io.github.cameleusate.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the messages consumers' cursors in eusate_state every 50 ms and notes each one that moved back: a conversation
 * whose last delivered message is older than one it had already reached.
 */
final class CursorWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PostgresServer postgres;
    private final Map<String, OffsetDateTime> furthest = new HashMap<>();
    private final List<String> movedBack = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private CursorWatch(PostgresServer postgres) {
        this.postgres = postgres;
        this.thread = new Thread(this::watch, "cursor-watch");
        thread.setDaemon(true);
    }

    static CursorWatch start(PostgresServer postgres) {
        CursorWatch watch = new CursorWatch(postgres);
        watch.thread.start();
        return watch;
    }

    /** Stops watching; the cursors that moved back, as "key: furthest -> later". */
    List<String> stop() throws InterruptedException {
        running = false;
        thread.join();
        return new ArrayList<>(movedBack);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void watch() {
        while (running) {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                 ResultSet rows = c.createStatement().executeQuery(
                         "SELECT state_key, state_value FROM eusate_state WHERE state_key LIKE 'messages/%/%/%'")) {
                while (rows.next()) {
                    JsonNode cursor = rows.getString(2).isEmpty() ? null : JSON.readTree(rows.getString(2));
                    if (cursor == null || !cursor.hasNonNull("t")) {
                        continue;
                    }
                    OffsetDateTime last = OffsetDateTime.parse(cursor.get("t").asText());
                    OffsetDateTime before = furthest.merge(rows.getString(1), last, (a, b) -> a.isAfter(b) ? a : b);
                    if (before.isAfter(last)) {
                        movedBack.add(rows.getString(1) + ": " + before + " -> " + last);
                    }
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                movedBack.add("cannot read the cursors: " + e);
                return;
            }
        }
    }
}
