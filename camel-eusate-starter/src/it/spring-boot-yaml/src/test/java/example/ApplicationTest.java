package example;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.cameleusate.component.EusateComponent;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The application as a user runs it, against the runnable simulator started as its own process: one session of three
 * conversations of two messages. Run once without Micrometer on the classpath, once with Actuator (-Dactuator=true).
 */
class ApplicationTest {

    private static final Pattern SIMULATOR_URL = Pattern.compile("simulator at (http://\\S+):");
    private static final Path OUT = Path.of("target/out");
    private static final boolean ACTUATOR = Boolean.getBoolean("actuator");

    private Process simulator;
    private ConfigurableApplicationContext application;

    @BeforeEach
    void startTheSimulatorAndTheApplication() throws Exception {
        simulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("simulator.jar"), "--port", "0", "--sessions", "1", "--conversations", "3",
                "--messages", "2", "--activity-period", "0").redirectErrorStream(true).start();
        application = SpringApplication.run(Application.class,
                "--camel.component.eusate.base-url=" + simulatorUrl(simulator), "--server.port=0");
    }

    @Test
    void aBadValueFailsTheStartNamingTheProperty() {
        Throwable failure = assertThrows(Exception.class, () -> SpringApplication.run(Application.class,
                "--camel.component.eusate.base-url=http://127.0.0.1:1", "--camel.component.eusate.request-timeout=soon",
                "--server.port=0"));
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("camel.component.eusate.request-timeout = soon")),
                "one message names the property and its value: " + messages);
    }

    @AfterEach
    void stop() {
        if (application != null) {
            application.close();
        }
        simulator.destroy();
    }

    @Test
    void theConsumerTheProducerAndTheKameletSyncTheSession() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(6, files("messages").size(), "a file per message");
            assertEquals(3, files("kamelet").size(), "a file per conversation, from the Kamelet");
            assertEquals(List.of("demo-session-1.json"), files("conversations"), "the producer's answer");
        });
        CamelContext camel = application.getBean(CamelContext.class);
        Map<String, Double> paces = new TreeMap<>();
        camel.getComponentNames().forEach(name -> {
            if (camel.getComponent(name) instanceof EusateComponent eusate) {
                paces.put(name, eusate.getConfiguration().getMaxRequestsPerSecond());
            }
        });
        assertEquals(50.0, paces.remove("eusate"), "camel.component.eusate.* configures the component named eusate");
        assertEquals(List.of(20.0), List.copyOf(paces.values()), "and not the Kamelet's own component: " + paces);
        if (!ACTUATOR) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"),
                    "this run is the one without Micrometer");
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "actuator", matches = "true")
    void readinessFollowsTheConsumer() throws Exception {
        String readiness = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port")
                           + "/actuator/health/readiness";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = get(readiness);
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(6, files("messages").size());
        });

        simulator.destroy();

        // no request answered: the consumer's poll fails, Camel's readiness and so Actuator's goes down
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertEquals(503, get(readiness).statusCode()));
        // with the meters on Spring Boot's registry
        HttpResponse<String> meters = get(readiness.replace("health/readiness", "metrics/eusate.poll"));
        assertEquals(200, meters.statusCode(), meters.body());
    }

    private static List<String> files(String dir) throws Exception {
        if (!Files.isDirectory(OUT.resolve(dir))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(OUT.resolve(dir))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The URL the simulator prints when it is up. */
    private static String simulatorUrl(Process simulator) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher url = SIMULATOR_URL.matcher(line);
            if (url.find()) {
                return url.group(1);
            }
        }
        throw new IllegalStateException("The simulator ended without printing its URL");
    }
}
