package io.github.cameleusate.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.cameleusate.bench.BenchScale.DataSet;
import io.github.cameleusate.it.ApplicationProcess;
import io.github.cameleusate.it.ApplicationProcess.Launch;
import io.github.cameleusate.it.PostgresServer;
import io.github.cameleusate.support.Prometheus;

/**
 * The packaged application (target/quarkus-app, as the README runs it) in its own JVM against the benchmark's
 * simulator, its messages into H2 (PostgreSQL for the heap per session): how long it takes to start and poll (on a
 * given JDK, with or without a class archive; an empty Camel Quarkus application the same way), how much memory a
 * large sync needs, and how much live heap each session costs.
 */
final class ApplicationRuns {

    private static final Pattern STARTED_IN = Pattern.compile(" started in ([0-9.]+)s");
    private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /** The latency of the simulator for the idle poll timed after a heap run of one instance. */
    static final Duration IDLE_POLL_LATENCY = Duration.ofMillis(50);
    /** The consumers' concurrency in the heap runs, and the connections their pool needs for two consumers at once. */
    static final int HEAP_CONCURRENCY = 64;

    private final BenchEnvironment environment;

    ApplicationRuns(BenchEnvironment environment) {
        this.environment = environment;
    }

    /** One start: JVM start to Quarkus started, and to the end of the first poll (or the first exchange); RSS then. */
    record Startup(double quarkusStartedSeconds, long toFirstPollMillis, long rssKb) {
    }

    /** One reading while syncing: messages delivered so far, heap in use, resident set size. */
    record MemorySample(long delivered, long heapUsedBytes, long rssKb) {
    }

    record MemoryRun(DataSet dataSet, long delivered, long wallMillis, long maxHeapBytes, long peakHeapUsedBytes,
                     long peakRssKb, List<MemorySample> samples) {
    }

    /**
     * Instances of the application sharing a data set's sessions over shards, once they synced it: how long that took,
     * each instance's live heap (after a full GC) at its first and tenth idle poll, the rows of their state, and (one
     * instance only) how long an idle poll of the messages took at {@link #IDLE_POLL_LATENCY}.
     */
    record HeapRun(DataSet dataSet, int shards, long syncMillis, List<InstanceHeap> instances, long stateRows,
                   OptionalDouble idlePollSecondsAtLatency) {

        /** What an idle poll of the messages takes at best: one list request per session, concurrency at a time. */
        double idlePollBoundSeconds() {
            return (double) dataSet.sessions() * IDLE_POLL_LATENCY.toMillis() / 1000.0 / HEAP_CONCURRENCY;
        }

        long liveBytesFirstIdlePoll() {
            return instances.stream().mapToLong(InstanceHeap::liveBytesFirstIdlePoll).sum();
        }

        long liveBytesTenthIdlePoll() {
            return instances.stream().mapToLong(InstanceHeap::liveBytesTenthIdlePoll).sum();
        }
    }

    /** One instance of a heap run: the shards it led, its live heap after its first and its tenth idle poll. */
    record InstanceHeap(Set<Integer> shardsLed, long liveBytesFirstIdlePoll, long liveBytesTenthIdlePoll) {
    }

    /** The runs of one startup variant; {@code notMeasured} says why there are none. */
    record StartupVariant(String label, List<Startup> runs, String notMeasured) {
    }

    /** What a startup variant keeps from a training run: nothing, a JDK 17 AppCDS archive, or a JDK 24+ AOT cache. */
    enum Cache {
        none, appCds, aotCache;

        /** The options of the training run, which writes {@code file} as the JVM exits. */
        String[] training(Path file) {
            return switch (this) {
                case none -> new String[0];
                case appCds -> new String[] {"-XX:ArchiveClassesAtExit=" + file};
                case aotCache -> new String[] {"-XX:AOTCacheOutput=" + file};
            };
        }

        /** The options of a measured run; the JVM refuses to start when it cannot use {@code file}. */
        String[] use(Path file) {
            return switch (this) {
                case none -> new String[0];
                case appCds -> new String[] {"-XX:SharedArchiveFile=" + file, "-Xshare:on"};
                case aotCache -> new String[] {"-XX:AOTCache=" + file, "-XX:AOTMode=on"};
            };
        }
    }

    /**
     * {@code runs} starts of {@code launch} (after a training run when {@code cache} needs one), each in a fresh data
     * directory, each waited for until {@code firstWork} is logged, then stopped.
     */
    StartupVariant startup(String label, Launch launch, Map<String, String> properties, String firstWork, Cache cache,
                           DataSet dataSet, int runs) throws Exception {
        if (!Files.isExecutable(launch.java())) {
            return new StartupVariant(label, List.of(), "not measured: no " + launch.java());
        }
        Path dir = Files.createDirectories(environment.workDir.resolve("startup-" + label.replaceAll("[^A-Za-z0-9]+", "-")));
        Path cacheFile = dir.resolve("cache-" + cache);
        if (cache != Cache.none) {
            Files.deleteIfExists(cacheFile);
            start(launch.withJvmOptions(cache.training(cacheFile)), properties, firstWork, dataSet, dir.resolve("training"));
            if (!Files.exists(cacheFile)) {
                throw new IllegalStateException(label + ": the training run wrote no " + cacheFile);
            }
        }
        List<Startup> startups = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            startups.add(start(launch.withJvmOptions(cache.use(cacheFile)), properties, firstWork, dataSet,
                    dir.resolve("run-" + run)));
        }
        return new StartupVariant(label, startups, null);
    }

    private Startup start(Launch launch, Map<String, String> properties, String firstWork, DataSet dataSet, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        try (ApplicationProcess app = ApplicationProcess.start(launch, null, dir.resolve("application.log"),
                env(dataSet, dir), properties)) {
            Instant jvmStart = ProcessHandle.of(app.pid()).flatMap(p -> p.info().startInstant()).orElseThrow();
            app.await(Duration.ofSeconds(60), () -> app.output().contains(firstWork));
            long rss = procStatus(app.pid(), "VmRSS");
            String output = app.output();
            String pollLine = output.lines().filter(l -> l.contains(firstWork)).findFirst().orElseThrow();
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
                applicationProperties())) {
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

    /**
     * The packaged application on PostgreSQL (profile prod,postgresql, the shipped database routes) given the data
     * set's sessions as an operator gives many: rows of eusate_session, added once it started; one instance with one
     * shard, or {@code instances} replicas sharing {@code shards} shards through the file cluster service. Once every
     * message is in, each instance's live heap is read (jcmd GC.class_histogram, which collects first) after its first
     * and its tenth idle poll.
     */
    HeapRun heap(DataSet dataSet, int instances, int shards) throws Exception {
        Path dir = Files.createDirectories(environment.workDir.resolve(
                "heap-" + dataSet.sessions() + (instances == 1 ? "" : "-" + instances + "-instances")));
        List<String> sessions = dataSet.sessionIds();
        List<ApplicationProcess> apps = new ArrayList<>();
        try (PostgresServer postgres = PostgresServer.start()) {
            Map<String, String> properties = applicationProperties();
            properties.put("quarkus.profile", "prod,postgresql");
            properties.put("camel.component.eusate.concurrency", Integer.toString(HEAP_CONCURRENCY));
            properties.put("camel.component.eusate.max-connections", Integer.toString(2 * HEAP_CONCURRENCY));
            try {
                for (int i = 0; i < instances; i++) {
                    Path instanceDir = Files.createDirectories(dir.resolve("instance-" + i));
                    Map<String, String> env = env(dataSet, instanceDir);
                    env.put("EUSATE_SESSION_IDS", sessions.get(0)); // the application does not start without one
                    env.put("EUSATE_DB_URL", postgres.jdbcUrl());
                    env.put("EUSATE_DB_USER", postgres.user());
                    env.put("EUSATE_SHARDS", Integer.toString(shards));
                    if (instances > 1) {
                        env.put("EUSATE_CLUSTER", "file");
                        env.put("EUSATE_CLUSTER_DIR", dir.resolve("cluster").toString());
                    }
                    apps.add(ApplicationProcess.start(instanceDir.resolve("application.log"), env, properties));
                }
                try (Connection db = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
                    return heap(dataSet, shards, apps, db);
                }
            } finally {
                for (ApplicationProcess app : apps) {
                    app.stop();
                }
            }
        }
    }

    private HeapRun heap(DataSet dataSet, int shards, List<ApplicationProcess> apps, Connection db) throws Exception {
        List<String> sessions = dataSet.sessionIds();
        // the sync starts once the instances have shared out the shards, each led by one of them
        apps.get(0).await(Duration.ofMinutes(2), () -> {
            int[] leaders = new int[shards];
            for (ApplicationProcess app : apps) {
                shardsLed(app, shards).forEach(shard -> leaders[shard]++);
            }
            return Arrays.stream(leaders).allMatch(count -> count == 1);
        });
        long started = System.nanoTime();
        try (PreparedStatement add = db.prepareStatement(
                "INSERT INTO eusate_session (session_id) VALUES (?) ON CONFLICT DO NOTHING")) {
            for (String session : sessions) {
                add.setString(1, session);
                add.addBatch();
            }
            add.executeBatch();
        }
        apps.get(0).await(Duration.ofMinutes(30), () -> {
            double delivered = 0;
            for (ApplicationProcess app : apps) {
                delivered += shardMeter(app, shards, "eusate_messages_delivered_total");
            }
            return delivered >= dataSet.messages();
        });
        long sync = (System.nanoTime() - started) / 1_000_000;
        List<Set<Integer>> led = new ArrayList<>();
        List<Double> polls = new ArrayList<>();
        for (ApplicationProcess app : apps) {
            led.add(shardsLed(app, shards));
            polls.add(shardMeter(app, shards, "eusate_poll_seconds_count"));
        }
        // each shard's poll that delivered the last message ends, then one more starts and ends with nothing to do
        List<Long> first = liveHeapAfterPolls(apps, shards, led, polls, 2);
        List<Long> tenth = liveHeapAfterPolls(apps, shards, led, polls, 11);
        List<InstanceHeap> heaps = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            heaps.add(new InstanceHeap(led.get(i), first.get(i), tenth.get(i)));
        }
        long rows;
        try (ResultSet count = db.createStatement().executeQuery("SELECT COUNT(*) FROM eusate_state")) {
            count.next();
            rows = count.getLong(1);
        }
        return new HeapRun(dataSet, shards, sync, heaps, rows,
                apps.size() == 1 ? OptionalDouble.of(idlePollSeconds(apps.get(0))) : OptionalDouble.empty());
    }

    /**
     * The seconds of the messages route's idle polls at {@link #IDLE_POLL_LATENCY}: from the end of the poll in progress
     * when the latency is set to the end of the next one, from the route's poll timer.
     */
    private double idlePollSeconds(ApplicationProcess app) throws Exception {
        environment.simulator.setLatency(IDLE_POLL_LATENCY);
        try {
            double[] before = pollTimer(app);
            app.await(Duration.ofMinutes(30), () -> pollTimer(app)[0] > before[0]);
            double[] start = pollTimer(app);
            app.await(Duration.ofMinutes(30), () -> pollTimer(app)[0] > start[0]);
            double[] end = pollTimer(app);
            return (end[1] - start[1]) / (end[0] - start[0]);
        } finally {
            environment.simulator.setLatency(Duration.ZERO);
        }
    }

    /** The count and the total seconds of the polls of the messages route of one shard's instance. */
    private static double[] pollTimer(ApplicationProcess app) throws IOException, InterruptedException {
        Prometheus scraped = Prometheus.scrape(app.httpUrl().resolve("/q/metrics"));
        Map<String, String> route = Map.of("route", "messages-to-db-0");
        return new double[] { scraped.sum("eusate_poll_seconds_count", route), scraped.sum("eusate_poll_seconds_sum", route) };
    }

    /** Each instance's live heap once each shard it leads has polled {@code more} times since {@code polls}. */
    private static List<Long> liveHeapAfterPolls(List<ApplicationProcess> apps, int shards, List<Set<Integer>> led,
                                                 List<Double> polls, int more) throws Exception {
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            ApplicationProcess app = apps.get(i);
            double target = polls.get(i) + (double) more * led.get(i).size();
            app.await(Duration.ofMinutes(30), () -> shardMeter(app, shards, "eusate_poll_seconds_count") >= target);
            live.add(liveHeapBytes(app.pid()));
        }
        return live;
    }

    /** A meter of the messages into the database, summed over the routes of every shard this instance runs. */
    private static double shardMeter(ApplicationProcess app, int shards, String name)
            throws IOException, InterruptedException {
        Prometheus scraped = Prometheus.scrape(app.httpUrl().resolve("/q/metrics"));
        double sum = 0;
        for (int shard = 0; shard < shards; shard++) {
            sum += Math.max(0, scraped.sum(name, Map.of("route", "messages-to-db-" + shard)));
        }
        return sum;
    }

    /** The shards this instance leads, as it says at /q/metrics; every shard when there is no cluster. */
    private static Set<Integer> shardsLed(ApplicationProcess app, int shards) throws IOException, InterruptedException {
        Prometheus scraped = Prometheus.scrape(app.httpUrl().resolve("/q/metrics"));
        Set<Integer> led = new TreeSet<>();
        for (int shard = 0; shard < shards; shard++) {
            if (scraped.sum("eusate_shard_leader", Map.of("shard", Integer.toString(shard))) == 1.0) {
                led.add(shard);
            }
        }
        return led;
    }

    /** The bytes of the objects still reachable, as jcmd's class histogram counts them after the full GC it runs. */
    private static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Path jcmd = Launch.thisJava().resolveSibling("jcmd");
        Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        histogram.waitFor();
        Matcher total = HISTOGRAM_TOTAL.matcher(out);
        if (!total.find()) {
            throw new IllegalStateException(jcmd + " GC.class_histogram printed no total:\n" + out);
        }
        return Long.parseLong(total.group(1));
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
    static Map<String, String> applicationProperties() {
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
