package example;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route in src/main/resources/routes, on Camel Main, against the runnable simulator started as its own process. */
class ConversationsRouteTest {

    private static final Pattern SIMULATOR_URL = Pattern.compile("simulator at (http://\\S+):");

    @Test
    void theYamlRouteListsTheConversationsOfTheSimulatorsSession() throws Exception {
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
            main.configure().withDurationMaxMessages(1);
            main.run();
        } finally {
            simulator.destroy();
            root.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("Conversations of demo-session-1: [Conversation[id=conv-1-1")),
                "the route logged the session's conversations: " + logged);
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
