package example;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route and the Pipe in src/main/resources/routes, on Camel Main, against the runnable simulator started as its own
 * process; on the Camel version the build gives (invoker.properties: the oldest supported and the newest).
 */
class ConversationsRouteTest {

    private static final Pattern SIMULATOR_URL = Pattern.compile("simulator at (http://\\S+):");

    @Test
    void theYamlRouteAndThePipeSyncTheSimulatorsSession() throws Exception {
        Process simulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("simulator.jar"), "--port", "0", "--activity-period", "0")
                .redirectErrorStream(true).start();
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String url = simulatorUrl(simulator);
            Main main = new Main();
            main.addInitialProperty("camel.component.eusate.base-url", url);
            main.addInitialProperty("camel.kamelet.eusate-messages-source.baseUrl", url);
            main.start();
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertTrue(logged.stream().anyMatch(l -> l.contains("Conversations of demo-session-1: [Conversation[id=conv-1-1")),
                            "the route logged the session's conversations: " + logged);
                    assertTrue(logged.stream().anyMatch(l -> l.contains("\"ticket_chat\":\"conv-1-1\"")),
                            "the Pipe logged the session's messages as JSON: " + logged);
                });
                assertEquals(System.getProperty("camel.version"), main.getCamelContext().getVersion());
            } finally {
                main.stop();
            }
        } finally {
            simulator.destroy();
            root.removeHandler(capture);
        }
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
