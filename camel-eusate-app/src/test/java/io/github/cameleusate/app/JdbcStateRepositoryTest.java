package io.github.cameleusate.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.cameleusate.component.EusateComponent;
import io.github.cameleusate.component.EusatePollingConsumer;
import io.github.cameleusate.component.FenceLostException;
import io.github.cameleusate.simulator.EusateSimulator;
import io.github.cameleusate.support.CapturedLogs;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances' repositories for the same route on one database (the application's Flyway migration): once the
 * second took the route over, the first one's writes are refused and cannot move a position back.
 */
class JdbcStateRepositoryTest {

    /** Outside Quarkus nothing sets the application's log levels; the wire log stays off, as application.properties says. */
    private static final Logger WIRE = Logger.getLogger("org.apache.hc.client5.http.wire");

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs("io.github.cameleusate", "org.apache.camel");

    private JdbcDataSource database;

    @BeforeEach
    void database() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:state-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = database.getConnection()) {
            for (String migration : new String[] { "V1__eusate_tables.sql", "V2__shared_state.sql", "V3__ids_in_full.sql" }) {
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
    void aConsumerWhoseFenceWasTakenStopsDeliveringWithinThePollAndSaysSoOnce() throws Exception {
        try (EusateSimulator simulator = EusateSimulator.start("fence-test-key");
             CamelContext first = consumerContext(simulator); CamelContext second = consumerContext(simulator)) {
            for (int c = 1; c <= 3; c++) {
                simulator.addConversation("s-1", "c-" + c);
                for (int m = 1; m <= 3; m++) {
                    simulator.addMessage("s-1", "c-" + c, "customer", "m" + m);
                }
            }
            first.start();
            assertEquals(9, consumer(first).poll());
            second.start(); // a second instance on the same database, as two left at EUSATE_CLUSTER=none would be
            for (int c = 1; c <= 3; c++) {
                simulator.addMessage("s-1", "c-" + c, "agent", "new");
            }

            assertThrows(Exception.class, () -> consumer(first).poll(), "the commit of its next exchange is refused");
            assertEquals(10, delivered(first), "one more exchange reached the sink before the refused commit; no other");
            simulator.clearRequests();
            assertEquals(0, consumer(first).poll());
            assertEquals(0, simulator.requests().size(), "idle: it asks the API nothing");
            assertEquals(3, consumer(second).poll(), "the holder delivers what is new since the last commit");

            List<String> errors = logs.lines().stream().filter(l -> l.contains(" SEVERE ") || l.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.get(0).contains("stops delivering until it is started again")
                       && errors.get(0).contains("EUSATE_CLUSTER"), errors.get(0));
        }
    }

    @Test
    void aSessionsEntriesAreReadInOneQueryAndWrittenAndRemovedInOneTransaction() {
        JdbcStateRepository first = repository();
        first.fence();
        Map<String, String> batch = new LinkedHashMap<>();
        for (int c = 0; c < 300; c++) { // more than one SELECT ... IN chunk
            batch.put("messages/db/s/c-" + c, "cursor-" + c);
        }
        first.setStates(batch);
        Map<String, String> removal = new HashMap<>();
        removal.put("messages/db/s/c-0", null);
        removal.put("messages/db/s/c-1", "cursor-1b");
        first.setStates(removal);

        List<String> keys = new ArrayList<>(batch.keySet());
        keys.add("messages/db/s/never-written");
        Map<String, String> read = repository().getStates(keys);
        assertEquals(299, read.size(), "a removed key and a never-written one are absent");
        assertEquals("cursor-1b", read.get("messages/db/s/c-1"));
        assertEquals("cursor-299", read.get("messages/db/s/c-299"));
        assertNull(repository().getState("messages/db/s/c-0"));

        JdbcStateRepository second = repository();
        second.fence();
        Map<String, String> late = new LinkedHashMap<>();
        late.put("messages/db/s/c-2", "moved-back");
        late.put("messages/db/s/c-3", null);
        FenceLostException refused = assertThrows(FenceLostException.class, () -> first.setStates(late));
        assertTrue(refused.getMessage().contains("2 state entries, the first messages/db/s/c-2")
                   && refused.getMessage().contains("another instance took messages-to-db-3 over"), refused.getMessage());
        assertEquals(Map.of("messages/db/s/c-2", "cursor-2", "messages/db/s/c-3", "cursor-3"),
                repository().getStates(List.of("messages/db/s/c-2", "messages/db/s/c-3")),
                "a former holder's batch is refused whole: nothing moved back, nothing removed");
    }

    @Test
    void aRepositoryWritesOnlyOnceItHoldsTheRoute() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> repository().setState("k", "v"));
        assertTrue(e.getMessage().contains("before it was taken over"), e.getMessage());
    }

    private CamelContext consumerContext(EusateSimulator simulator) throws Exception {
        WIRE.setLevel(Level.INFO);
        CamelContext context = new DefaultCamelContext();
        EusateComponent eusate = context.getComponent("eusate", EusateComponent.class);
        eusate.getConfiguration().setBaseUrl(simulator.baseUrl());
        eusate.getConfiguration().setApiKey("fence-test-key");
        context.getRegistry().bind("state", repository());
        AtomicInteger delivered = new AtomicInteger();
        context.getRegistry().bind("delivered", delivered);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("eusate:messages?sessionId=s-1&concurrency=1&stateRepository=#state&startScheduler=false")
                        .routeId("sync").process(exchange -> delivered.incrementAndGet());
            }
        });
        return context;
    }

    private static EusatePollingConsumer consumer(CamelContext context) {
        return (EusatePollingConsumer) context.getRoute("sync").getConsumer();
    }

    private static int delivered(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("delivered", AtomicInteger.class).get();
    }

    private JdbcStateRepository repository() {
        JdbcStateRepository repository = new JdbcStateRepository();
        repository.setDataSource(database);
        repository.setFence("messages-to-db-3");
        return repository;
    }
}
