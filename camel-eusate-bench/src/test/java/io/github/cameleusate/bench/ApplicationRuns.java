package io.github.cameleusate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cameleusate.bench.BenchScale.DataSet;
import io.github.cameleusate.it.ApplicationProcess;
import io.github.cameleusate.support.Prometheus;

/**
 * The packaged application (target/quarkus-app, as the README runs it) in its own JVM against the benchmark's
 * simulator, its messages into H2: how long it takes to start and poll, and how much memory a large sync needs.
 */
final class ApplicationRuns {

    private static final Pattern STARTED_IN = Pattern.compile(" started in ([0-9.]+)s");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final String FIRST_POLL = "messages-to-db-0: ";

    private final BenchEnvironment environment;

    ApplicationRuns(BenchEnvironment environment) {
        this.environment = environment;
    }

    /** One start: JVM start to Quarkus started, and to the end of the first poll; RSS then. */
    record Startup(double quarkusStartedSeconds, long toFirstPollMillis, long rssKb) {
    }

    /** One reading while syncing: messages delivered so far, heap in use, resident set size. */
    record MemorySample(long delivered, long heapUsedBytes, long rssKb) {
    }

    record MemoryRun(DataSet dataSet, long delivered, long wallMillis, long maxHeapBytes, long peakHeapUsedBytes,
                     long peakRssKb, List<MemorySample> samples) {
    }

    Startup startup(DataSet dataSet, int run) throws Exception {
        Path dir = Files.createDirectories(environment.workDir.resolve("startup-" + run));
        try (ApplicationProcess app = ApplicationProcess.start(dir.resolve("application.log"), env(dataSet, dir),
                properties())) {
            Instant jvmStart = ProcessHandle.of(app.pid()).flatMap(p -> p.info().startInstant()).orElseThrow();
            app.await(Duration.ofSeconds(60), () -> app.output().contains(FIRST_POLL));
            long rss = procStatus(app.pid(), "VmRSS");
            String output = app.output();
            String pollLine = output.lines().filter(l -> l.contains(FIRST_POLL)).findFirst().orElseThrow();
            Instant firstPoll = LocalDateTime.parse(pollLine.substring(0, 23), LOG_TIME)
                    .atZone(ZoneId.systemDefault()).toInstant();
            Matcher started = STARTED_IN.matcher(output);
            double startedIn = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
            app.stop();
            return new Startup(startedIn, Duration.between(jvmStart, firstPoll).toMillis(), rss);
        }
    }

    MemoryRun memory(DataSet dataSet) throws Exception {
        Path dir = Files.createDirectories(environment.workDir.resolve("memory"));
        int expected = environment.messageCount(dataSet);
        List<MemorySample> samples = new ArrayList<>();
        try (ApplicationProcess app = ApplicationProcess.start(dir.resolve("application.log"), env(dataSet, dir),
                properties())) {
            URI metrics = app.httpUrl().resolve("/q/metrics");
            long started = System.nanoTime();
            long delivered = 0;
            long maxHeap = 0;
            while (delivered < expected && app.isAlive()
                   && System.nanoTime() - started < Duration.ofMinutes(20).toNanos()) {
                Thread.sleep(1000); // a sampling period, not a wait for a condition
                Prometheus scraped = Prometheus.scrape(metrics);
                delivered = (long) scraped.sum("eusate_messages_delivered_total", Map.of("route", "messages-to-db-0"));
                maxHeap = (long) scraped.sum("jvm_memory_max_bytes", Map.of("area", "heap"));
                samples.add(new MemorySample(Math.max(0, delivered),
                        (long) scraped.sum("jvm_memory_used_bytes", Map.of("area", "heap")), procStatus(app.pid(), "VmRSS")));
            }
            long wall = (System.nanoTime() - started) / 1_000_000;
            long peakRss = procStatus(app.pid(), "VmHWM");
            app.stop();
            return new MemoryRun(dataSet, delivered, wall, maxHeap,
                    samples.stream().mapToLong(MemorySample::heapUsedBytes).max().orElse(0), peakRss, samples);
        }
    }

    private Map<String, String> env(DataSet dataSet, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("EUSATE_API_KEY", BenchEnvironment.API_KEY);
        env.put("EUSATE_BASE_URL", environment.simulator.baseUrl());
        env.put("EUSATE_SESSION_IDS", String.join(",", dataSet.sessionIds()));
        env.put("EUSATE_DATA_DIR", dataDir.toString());
        return env;
    }

    /** The production profile with its H2 pipeline; the simulator has no rate limit to pace for. */
    private static Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("eusate.poll.delay", "1000");
        properties.put("camel.component.eusate.max-requests-per-second", "0");
        return properties;
    }

    /** A size line of /proc/PID/status (VmRSS, VmHWM), in kB. */
    private static long procStatus(long pid, String field) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst().orElse(-1);
    }
}
