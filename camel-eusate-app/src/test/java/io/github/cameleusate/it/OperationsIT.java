package io.github.cameleusate.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.cameleusate.simulator.DemoData;
import io.github.cameleusate.simulator.EusateSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.EnumSource;

import static io.github.cameleusate.support.Http.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged application as an operator meets it: debug logging that keeps the key out, and startup failures. */
class OperationsIT {

    private static EusateSimulator simulator;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = EusateSimulator.start(Pipelines.API_KEY);
        DemoData.seed(simulator, 2, 5, 4, 3);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void withEveryCategoryAtDebugTheApplicationRunsAndTheKeyAppearsNowhere(@TempDir Path dir) throws Exception {
        Map<String, String> properties = Pipelines.properties();
        properties.put("eusate.db.enabled", "true");
        properties.put("quarkus.log.level", "DEBUG");
        properties.put("camel.main.dump-routes", "yaml");

        try (ApplicationProcess app = ApplicationProcess.start(dir.resolve("application.log"),
                Pipelines.environment(simulator, dir.resolve("data")), properties)) {
            app.await(Duration.ofSeconds(60), () -> app.output().contains("messages-to-db-0: 2 session(s), 10 conversations listed, 10 changed"));
            app.stop();

            String output = app.output();
            // the run logged at DEBUG, Camel main's configuration and HttpClient's requests included
            assertTrue(output.contains("DEBUG [org.apa.cam.mai."), "Camel main logged at DEBUG");
            assertTrue(output.contains("DEBUG [org.apa.hc.cli"), "HttpClient logged at DEBUG");
            assertFalse(output.contains(Pipelines.API_KEY), "the API key is in the output");
        }
    }

    /** Alone, or as the leader of its shards (master:, whose own consumer has no health check). */
    @ParameterizedTest
    @ValueSource(strings = { "none", "file" })
    void inProductionReadinessNamesTheChecksAndTheHttpCodeWithoutAStackTraceOrTheApisText(String cluster, @TempDir Path dir)
            throws Exception {
        Map<String, String> environment = new HashMap<>(Pipelines.environment(simulator, dir.resolve("data")));
        environment.put("EUSATE_API_KEY", "a-key-the-api-rejects");
        environment.put("EUSATE_CLUSTER", cluster);

        Map<String, String> properties = Pipelines.properties();
        properties.put("eusate.db.enabled", "true");

        try (ApplicationProcess app = ApplicationProcess.start(dir.resolve("application.log"), environment, properties)) {
            URI ready = app.httpUrl().resolve("/q/health/ready");
            app.await(Duration.ofSeconds(30), () -> get(ready).body().contains("\"http.response.code\""));

            HttpResponse<String> response = get(ready);
            String body = response.body();
            assertEquals(503, response.statusCode(), body);
            assertTrue(body.contains((cluster.equals("none") ? "consumer:" : "eusate:") + "messages-to-db-0"), body);
            assertTrue(body.contains("\"status\": \"DOWN\""), body);
            assertTrue(body.contains("\"http.response.code\": \"401\""), body);
            assertFalse(body.contains("stacktrace"), body);
            assertFalse(body.contains("\tat "), body);
            assertFalse(body.contains("Invalid or missing API key"), "the API's error text: " + body);
            app.stop();
        }
    }

    @Test
    void anExplicitlyEnabledWireLogStillStopsStartupWithTheClearMessage(@TempDir Path dir) {
        Map<String, String> properties = Pipelines.properties();
        properties.put("quarkus.log.category.\"org.apache.hc.client5.http.wire\".level", "DEBUG");

        String output = failedStart(dir, Pipelines.environment(simulator, dir.resolve("data")), properties, null);

        assertTrue(output.contains("HTTP wire logging (org.apache.hc.client5.http.wire at DEBUG) would write the Eusate API key"), output);
        assertFalse(output.contains(Pipelines.API_KEY), output);
    }

    /** What an operator gets wrong at startup, and what the one line says then. */
    enum BadStart {
        MISSING_API_KEY("EUSATE_API_KEY") {
            @Override
            void apply(Map<String, String> environment, Map<String, String> properties) {
                environment.remove("EUSATE_API_KEY");
            }
        },
        MISSING_SESSIONS("EUSATE_SESSION_IDS") {
            @Override
            void apply(Map<String, String> environment, Map<String, String> properties) {
                environment.remove("EUSATE_SESSION_IDS");
            }

            @Override
            boolean readsTheDatabase() {
                // the sessions are the table's: it is read (and so, for H2, created) to know that it is empty
                return true;
            }
        },
        BAD_SHARD_COUNT("EUSATE_SHARDS") {
            @Override
            void apply(Map<String, String> environment, Map<String, String> properties) {
                environment.put("EUSATE_SHARDS", "none");
            }
        },
        UNKNOWN_CLUSTER("EUSATE_CLUSTER") {
            @Override
            void apply(Map<String, String> environment, Map<String, String> properties) {
                environment.put("EUSATE_CLUSTER", "zookeeper");
            }
        },
        NO_ROUTES_IN_THE_WORKING_DIRECTORY("EUSATE_ROUTES_DIR") {
            @Override
            void apply(Map<String, String> environment, Map<String, String> properties) {
                // run from elsewhere, as from the home directory with the jar's full path
            }

            @Override
            boolean elsewhere() {
                return true;
            }
        };

        final String environmentVariable;

        BadStart(String environmentVariable) {
            this.environmentVariable = environmentVariable;
        }

        abstract void apply(Map<String, String> environment, Map<String, String> properties);

        boolean elsewhere() {
            return false;
        }

        boolean readsTheDatabase() {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(BadStart.class)
    void aBadStartPrintsOneLineNamingTheSettingAndItsVariableAndLeavesNothingOnDisk(BadStart bad, @TempDir Path dir)
            throws Exception {
        Path dataDir = dir.resolve("data");
        Map<String, String> environment = new HashMap<>(Pipelines.environment(simulator, dataDir));
        Map<String, String> properties = Pipelines.properties();
        properties.put("eusate.db.enabled", "true");
        bad.apply(environment, properties);
        Path workingDirectory = bad.elsewhere() ? Files.createDirectory(dir.resolve("elsewhere")) : null;

        String output = failedStart(dir, environment, properties, workingDirectory);

        long lines = output.lines().filter(l -> l.contains(bad.environmentVariable)).count();
        assertEquals(1, lines, "one line names " + bad.environmentVariable + ":\n" + output);
        assertFalse(output.contains("\tat "), "no stack trace:\n" + output);
        assertEquals(bad.readsTheDatabase(), Files.exists(dataDir), "the data directory exists");
        if (workingDirectory != null) {
            try (var created = Files.list(workingDirectory)) {
                assertEquals(0, created.count(), "files created in the working directory");
            }
        }
    }

    private static String failedStart(Path dir, Map<String, String> environment, Map<String, String> properties,
                                      Path workingDirectory) {
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ApplicationProcess
                .start(workingDirectory, dir.resolve("application.log"), environment, properties).close());
        String output = failure.getMessage();
        assertTrue(output.startsWith("The application exited with 1"), output);
        return output;
    }
}
