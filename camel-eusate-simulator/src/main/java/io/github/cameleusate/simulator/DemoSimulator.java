package io.github.cameleusate.simulator;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator seeded with {@link DemoData} and, with an activity period, changing while it runs: what the runnable jar
 * and the application's embedded defaults start.
 */
public final class DemoSimulator implements AutoCloseable {

    /**
     * @param port           the loopback port, 0 for a free one
     * @param activityPeriod how often the data changes (new messages, new and closing conversations); zero: never
     */
    public record Settings(String apiKey, int port, int sessions, int conversationsPerSession,
                           int messagesPerConversation, long seed, Duration activityPeriod) {
    }

    private final EusateSimulator simulator;
    private final Settings settings;
    private final ScheduledExecutorService activity;

    private DemoSimulator(EusateSimulator simulator, Settings settings) {
        this.simulator = simulator;
        this.settings = settings;
        DemoData.seed(simulator, settings.sessions(), settings.conversationsPerSession(),
                settings.messagesPerConversation(), settings.seed());
        long period = settings.activityPeriod().toMillis();
        if (period > 0) {
            Random random = new Random(settings.seed());
            activity = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eusate-simulator-activity");
                t.setDaemon(true);
                return t;
            });
            activity.scheduleWithFixedDelay(() -> DemoData.evolve(simulator, random), period, period, TimeUnit.MILLISECONDS);
        } else {
            activity = null;
        }
    }

    public static DemoSimulator start(Settings settings) throws IOException {
        return new DemoSimulator(EusateSimulator.start(settings.apiKey(), settings.port()), settings);
    }

    public EusateSimulator simulator() {
        return simulator;
    }

    /** One line saying where it serves what: its URL, the data set, how it changes. */
    public String describe() {
        return "Eusate API simulator at " + simulator.baseUrl() + ": " + settings.sessions() + " sessions (demo-session-1.."
               + settings.sessions() + "), " + settings.sessions() * settings.conversationsPerSession() + " conversations, "
               + simulator.messageCount() + " messages" + (activity == null ? ""
                       : ", changing every " + settings.activityPeriod().toMillis() + " ms");
    }

    @Override
    public void close() {
        if (activity != null) {
            activity.shutdownNow();
        }
        simulator.close();
    }
}
