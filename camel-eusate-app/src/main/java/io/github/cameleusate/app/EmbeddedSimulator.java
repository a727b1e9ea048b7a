package io.github.cameleusate.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.github.cameleusate.simulator.DemoSimulator;
import io.github.cameleusate.simulator.EusateSimulator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in Eusate API simulator of the application's embedded defaults, seeded with demo data that it keeps in the
 * data directory ({@code eusate.data-dir}), so a restarted demo goes on where it stopped. It starts only where
 * {@code eusate.simulator.enabled=true} (the dev and test profiles), and accepts the configured API key.
 */
@ApplicationScoped
public class EmbeddedSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);

    /** The data set, next to the database and the state it belongs with, so a restart goes on where the demo stopped. */
    private static final String DATA_FILE = "simulator.json";

    private final DemoSimulator demo;

    public EmbeddedSimulator(@ConfigProperty(name = "eusate.simulator.enabled", defaultValue = "false") boolean enabled,
                             @ConfigProperty(name = "eusate.simulator.port", defaultValue = "0") int port,
                             @ConfigProperty(name = "eusate.simulator.sessions", defaultValue = "3") int sessions,
                             @ConfigProperty(name = "eusate.simulator.conversations-per-session", defaultValue = "20") int conversations,
                             @ConfigProperty(name = "eusate.simulator.messages-per-conversation", defaultValue = "6") int messages,
                             @ConfigProperty(name = "eusate.simulator.seed", defaultValue = "42") long seed,
                             @ConfigProperty(name = "eusate.simulator.activity-period", defaultValue = "0") long activityPeriod,
                             @ConfigProperty(name = "eusate.data-dir") String dataDir,
                             ApplicationSettings settings) {
        if (!enabled) {
            demo = null;
            return;
        }
        try {
            demo = DemoSimulator.start(new DemoSimulator.Settings(settings.apiKey(), port, sessions, conversations, messages, seed,
                    Duration.ofMillis(activityPeriod), Path.of(dataDir, DATA_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the built-in Eusate simulator on loopback port " + port, e);
        }
        LOG.info("Built-in {}", demo.describe());
    }

    public boolean isEnabled() {
        return demo != null;
    }

    /** The running simulator; fails where it is disabled. */
    public EusateSimulator simulator() {
        if (demo == null) {
            throw new IllegalStateException("The built-in Eusate simulator is disabled (eusate.simulator.enabled=false)");
        }
        return demo.simulator();
    }

    @PreDestroy
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }
}
