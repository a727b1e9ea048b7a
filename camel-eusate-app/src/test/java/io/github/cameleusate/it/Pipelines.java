package io.github.cameleusate.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.github.cameleusate.simulator.EusateSimulator;

/** How the integration tests configure the packaged application: as a user would, against a simulator they own. */
final class Pipelines {

    static final String API_KEY = "it-key-7d1e4b20-never-logged";

    private Pipelines() {
    }

    /** The environment of a production run against the simulator, its state in {@code dataDir}. */
    static Map<String, String> environment(EusateSimulator simulator, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("EUSATE_API_KEY", API_KEY);
        env.put("EUSATE_BASE_URL", simulator.baseUrl());
        env.put("EUSATE_SESSION_IDS", String.join(",", simulator.sessionIds()));
        env.put("EUSATE_DATA_DIR", dataDir.toString());
        return env;
    }

    /** System properties for quick polls, with every sink off; a test switches on what it checks. */
    static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("eusate.poll.delay", "300");
        properties.put("eusate.db.enabled", "false");
        properties.put("eusate.kafka.enabled", "false");
        properties.put("eusate.crm.enabled", "false");
        return properties;
    }
}
