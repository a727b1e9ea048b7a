package io.github.cameleusate.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.cameleusate.simulator.DemoData;
import io.github.cameleusate.simulator.EusateSimulator;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in Eusate API simulator of the application's embedded defaults, seeded with demo data. It starts only
 * where {@code eusate.simulator.enabled=true} (the dev and test profiles), and accepts the configured API key.
 */
@ApplicationScoped
public class EmbeddedSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSimulator.class);

    private final EusateSimulator simulator;
    private final ScheduledExecutorService activity;

    public EmbeddedSimulator(@ConfigProperty(name = "eusate.simulator.enabled", defaultValue = "false") boolean enabled,
                             @ConfigProperty(name = "eusate.simulator.port", defaultValue = "0") int port,
                             @ConfigProperty(name = "eusate.simulator.sessions", defaultValue = "3") int sessions,
                             @ConfigProperty(name = "eusate.simulator.conversations-per-session", defaultValue = "20") int conversations,
                             @ConfigProperty(name = "eusate.simulator.messages-per-conversation", defaultValue = "6") int messages,
                             @ConfigProperty(name = "eusate.simulator.seed", defaultValue = "42") long seed,
                             @ConfigProperty(name = "eusate.simulator.activity-period", defaultValue = "0") long activityPeriod,
                             @ConfigProperty(name = "camel.component.eusate.api-key") Optional<String> apiKey) {
        if (!enabled) {
            simulator = null;
            activity = null;
            return;
        }
        try {
            simulator = EusateSimulator.start(apiKey.orElseThrow(() -> new IllegalStateException(
                    "The built-in simulator needs camel.component.eusate.api-key, the key it accepts")), port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the built-in Eusate simulator on loopback port " + port, e);
        }
        DemoData.seed(simulator, sessions, conversations, messages, seed);
        LOG.info("Built-in Eusate API simulator at {}: {} sessions, {} conversations, {} messages{}", simulator.baseUrl(),
                sessions, sessions * conversations, simulator.messageCount(),
                activityPeriod > 0 ? ", changing every " + activityPeriod + " ms" : "");
        if (activityPeriod > 0) {
            Random random = new Random(seed);
            activity = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eusate-simulator-activity");
                t.setDaemon(true);
                return t;
            });
            activity.scheduleWithFixedDelay(() -> DemoData.evolve(simulator, random), activityPeriod, activityPeriod,
                    TimeUnit.MILLISECONDS);
        } else {
            activity = null;
        }
    }

    public boolean isEnabled() {
        return simulator != null;
    }

    /** The running simulator; fails where it is disabled. */
    public EusateSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("The built-in Eusate simulator is disabled (eusate.simulator.enabled=false)");
        }
        return simulator;
    }

    @PreDestroy
    void stop() {
        if (activity != null) {
            activity.shutdownNow();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
