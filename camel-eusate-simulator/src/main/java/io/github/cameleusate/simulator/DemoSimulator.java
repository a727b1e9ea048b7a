package io.github.cameleusate.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * @param dataFile       where the data set is kept across runs: read at start where it exists (instead of seeding),
     *                       written after every change and at close; null: in memory only
     */
    public record Settings(String apiKey, int port, int sessions, int conversationsPerSession,
                           int messagesPerConversation, long seed, Duration activityPeriod, Path dataFile) {
    }

    private static final System.Logger LOG = System.getLogger(DemoSimulator.class.getName());

    private final EusateSimulator simulator;
    private final Settings settings;
    private final ScheduledExecutorService activity;

    private DemoSimulator(EusateSimulator simulator, Settings settings) throws IOException {
        this.simulator = simulator;
        this.settings = settings;
        if (settings.dataFile() != null && Files.exists(settings.dataFile())) {
            simulator.restore(settings.dataFile());
        } else {
            DemoData.seed(simulator, settings.sessions(), settings.conversationsPerSession(),
                    settings.messagesPerConversation(), settings.seed());
            save();
        }
        long period = settings.activityPeriod().toMillis();
        if (period > 0) {
            Random random = new Random(settings.seed());
            activity = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eusate-simulator-activity");
                t.setDaemon(true);
                return t;
            });
            activity.scheduleWithFixedDelay(() -> {
                DemoData.evolve(simulator, random);
                try {
                    save();
                } catch (UncheckedIOException e) {
                    // a thrown exception would end the activity; the next change writes the file again
                    LOG.log(System.Logger.Level.WARNING, e.getMessage(), e.getCause());
                }
            }, period, period, TimeUnit.MILLISECONDS);
        } else {
            activity = null;
        }
    }

    public static DemoSimulator start(Settings settings) throws IOException {
        EusateSimulator simulator = EusateSimulator.start(settings.apiKey(), settings.port());
        try {
            return new DemoSimulator(simulator, settings);
        } catch (IOException | RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    public EusateSimulator simulator() {
        return simulator;
    }

    /** One line saying where it serves what: its URL, the data set, how it changes. */
    public String describe() {
        return "Eusate API simulator at " + simulator.baseUrl() + ": " + settings.sessions() + " sessions (demo-session-1.."
               + settings.sessions() + "), " + settings.sessions() * settings.conversationsPerSession() + " conversations, "
               + simulator.messageCount() + " messages" + (activity == null ? ""
                       : ", changing every " + settings.activityPeriod().toMillis() + " ms")
               + (settings.dataFile() == null ? "" : ", kept in " + settings.dataFile());
    }

    /** Keeps the data set in the data file, where there is one. */
    private void save() {
        if (settings.dataFile() != null) {
            try {
                simulator.save(settings.dataFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot keep the simulator's data set in " + settings.dataFile(), e);
            }
        }
    }

    @Override
    public void close() {
        if (activity != null) {
            activity.shutdownNow();
            try {
                activity.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        save();
        simulator.close();
    }
}
