package io.github.cameleusate.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Arrays;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances' repositories for the same route on one database (the application's Flyway migration): once the
 * second took the route over, the first one's writes are refused and cannot move a position back.
 */
class JdbcStateRepositoryTest {

    private JdbcDataSource database;

    @BeforeEach
    void database() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:state-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = database.getConnection()) {
            for (String migration : new String[] { "V1__eusate_tables.sql", "V2__shared_state.sql" }) {
                String sql = Files.readString(Path.of("src/main/resources/db/migration", migration));
                for (String statement : Arrays.stream(sql.split(";")).map(s -> s.replaceAll("(?m)^--.*$", "").trim())
                        .filter(s -> !s.isEmpty()).toList()) {
                    c.createStatement().execute(statement);
                }
            }
        }
    }

    @Test
    void aFormerHoldersWritesAreRefusedOnceAnotherInstanceTookTheRouteOver() {
        JdbcStateRepository first = repository();
        first.fence();
        first.setState("messages/db/s/c", "cursor-at-m5");

        JdbcStateRepository second = repository();
        second.fence();
        assertEquals("cursor-at-m5", second.getState("messages/db/s/c"), "the new holder resumes where the old one was");
        second.setState("messages/db/s/c", "cursor-at-m9");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> first.setState("messages/db/s/c", "cursor-at-m6"));
        assertTrue(refused.getMessage().contains("another instance took messages-to-db-3 over"), refused.getMessage());
        assertEquals("cursor-at-m9", repository().getState("messages/db/s/c"), "the position did not move back");
        assertEquals(2, second.getGeneration());
    }

    @Test
    void aRepositoryWritesOnlyOnceItHoldsTheRoute() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> repository().setState("k", "v"));
        assertTrue(e.getMessage().contains("before it was taken over"), e.getMessage());
    }

    private JdbcStateRepository repository() {
        JdbcStateRepository repository = new JdbcStateRepository();
        repository.setDataSource(database);
        repository.setFence("messages-to-db-3");
        return repository;
    }
}
