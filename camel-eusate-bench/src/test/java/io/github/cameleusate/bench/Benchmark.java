package io.github.cameleusate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.bench.ApplicationRuns.Cache;
import io.github.cameleusate.bench.ApplicationRuns.HeapRun;
import io.github.cameleusate.bench.ApplicationRuns.MemoryRun;
import io.github.cameleusate.bench.ApplicationRuns.Startup;
import io.github.cameleusate.bench.ApplicationRuns.StartupVariant;
import io.github.cameleusate.bench.BenchScale.DataSet;
import io.github.cameleusate.it.ApplicationProcess.Launch;

/**
 * Runs every part of the benchmark at one scale and prints each figure as it comes; {@link BenchmarkReport} turns the
 * results into BENCHMARKS.md. Run by BenchmarkIT: {@code ./mvnw -B verify -Pbench} (see BENCHMARKS.md).
 */
final class Benchmark {

    private static final DataSet STARTUP_DATA = new DataSet(1, 10, 5);
    /** The application's first poll: its line (the messages into H2). */
    private static final String FIRST_POLL = "messages-to-db-0: ";
    /** The empty application's timer route, which fires once at start. */
    private static final String FIRST_EXCHANGE = "first exchange";
    /** The replicas of the last heap run, and the shards they share (the file cluster service's locks). */
    static final int REPLICAS = 3;
    static final int REPLICA_SHARDS = 8;

    /**
     * One variant's initial sync of a data set into a sink, an idle poll, then a poll after changes in some
     * conversations; the initial sync's CPU profile where one was recorded.
     */
    record SyncResult(DataSet dataSet, int latencyMillis, Sink sink, Variant variant, long expected,
                      SyncRun.Poll initial, SyncRun.Poll idle, int changed, SyncRun.Poll steady,
                      CpuProfile.Summary profile) {

        /** What a poll making {@code requests} requests takes at best: concurrency at a time, each the latency. */
        double latencyBoundSeconds(int requests, int concurrency) {
            return (double) requests * latencyMillis / 1000.0 / concurrency;
        }
    }

    record Results(BenchScale scale, Instant started, Duration took, List<SyncResult> syncs, List<StartupVariant> startups,
                   MemoryRun memory, List<HeapRun> heaps, HeapRun replicas) {

        /** The CPU profiles recorded, by the run they were recorded in. */
        Map<String, CpuProfile.Summary> profiles() {
            Map<String, CpuProfile.Summary> profiles = new LinkedHashMap<>();
            syncs.stream().filter(r -> r.profile() != null)
                    .forEach(r -> profiles.put(r.variant().label() + " into " + r.sink(), r.profile()));
            return profiles;
        }
    }

    private final BenchScale scale;
    private final Path workDir;
    private int runNumber;

    Benchmark(BenchScale scale, Path workDir) {
        this.scale = scale;
        this.workDir = workDir;
    }

    Results run() throws Exception {
        Instant started = Instant.now();
        List<SyncResult> syncs = new ArrayList<>();
        List<StartupVariant> startups = new ArrayList<>();
        MemoryRun memory;
        List<HeapRun> heaps = new ArrayList<>();
        HeapRun replicas;
        try (BenchEnvironment environment = new BenchEnvironment(workDir, scale.sinks().contains(Sink.kafka))) {
            DataSet profiled = scale.dataSets().get(0);
            for (DataSet dataSet : scale.dataSets()) {
                environment.seed(dataSet);
                for (int latency : scale.latenciesMillis()) {
                    for (Sink sink : scale.sinks()) {
                        if (latency == scale.latenciesMillis().get(0)) {
                            warmUp(environment, dataSet, sink);
                        }
                        environment.simulator.setLatency(Duration.ofMillis(latency));
                        for (Variant variant : variantOrder()) {
                            // the CPU profile covers the initial sync's poll, not the route's setup
                            Path profile = dataSet == profiled && latency == 0
                                    ? workDir.resolve("profile-" + sink + "-" + variant + ".jfr") : null;
                            SyncResult result = sync(environment, dataSet, latency, sink, variant, profile);
                            syncs.add(result);
                            print(result);
                        }
                    }
                }
            }
            environment.simulator.setLatency(Duration.ZERO);
            ApplicationRuns application = new ApplicationRuns(environment);
            environment.seed(STARTUP_DATA);
            startups.addAll(startups(application));
            environment.seed(scale.memoryDataSet());
            memory = application.memory(scale.memoryDataSet());
            System.out.printf("memory: %,d messages in %,d ms, peak heap used %d MiB of %d MiB, peak RSS %d MiB%n",
                    memory.delivered(), memory.wallMillis(), memory.peakHeapUsedBytes() >> 20,
                    memory.maxHeapBytes() >> 20, memory.peakRssKb() / 1024);
            for (DataSet dataSet : scale.heapDataSets()) {
                heaps.add(heap(environment, application, dataSet, 1, 1));
            }
            replicas = heap(environment, application, scale.replicaHeapDataSet(), REPLICAS, REPLICA_SHARDS);
        }
        return new Results(scale, started, Duration.between(started, Instant.now()), syncs, startups, memory, heaps,
                replicas);
    }

    private static HeapRun heap(BenchEnvironment environment, ApplicationRuns application, DataSet dataSet, int instances,
                                int shards) throws Exception {
        environment.seed(dataSet);
        HeapRun heap = application.heap(dataSet, instances, shards);
        for (int i = 0; i < heap.instances().size(); i++) {
            ApplicationRuns.InstanceHeap instance = heap.instances().get(i);
            System.out.printf("heap, %s on PostgreSQL, %d of %d instance(s), leading shards %s of %d: synced in %,d ms;"
                              + " live heap %,d bytes after the first idle poll, %,d after the tenth; %,d state rows%n",
                    dataSet, i + 1, instances, instance.shardsLed(), shards, heap.syncMillis(),
                    instance.liveBytesFirstIdlePoll(), instance.liveBytesTenthIdlePoll(), heap.stateRows());
        }
        heap.idlePollSecondsAtLatency().ifPresent(seconds -> System.out.printf(
                "heap, %s on PostgreSQL: an idle poll at %d ms with concurrency %d took %.1f s (bound %.1f s)%n", dataSet,
                ApplicationRuns.IDLE_POLL_LATENCY.toMillis(), ApplicationRuns.HEAP_CONCURRENCY, seconds,
                heap.idlePollBoundSeconds()));
        return heap;
    }

    /**
     * The application as the README runs it, then with what the JVM offers to start faster (a JDK 17 AppCDS archive,
     * a JDK 25 AOT cache, each from a training run), and an empty Camel Quarkus application the same ways.
     */
    private List<StartupVariant> startups(ApplicationRuns application) throws Exception {
        Launch eusate = Launch.application();
        Launch empty = new Launch("empty-camel-quarkus", Path.of(System.getProperty("empty.jar",
                "camel-eusate-bench/empty-camel-quarkus/target/quarkus-app/quarkus-run.jar")), Launch.thisJava(), List.of());
        Path jdk25 = Path.of(System.getProperty("bench.jdk25.home", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java");
        String jdk = "JDK " + Runtime.version().feature();
        record Setup(String label, Launch launch, Map<String, String> properties, String firstWork, Cache cache) {
        }
        Map<String, String> properties = ApplicationRuns.applicationProperties();
        List<StartupVariant> variants = new ArrayList<>();
        for (Setup setup : List.of(
                new Setup("camel-eusate, " + jdk, eusate, properties, FIRST_POLL, Cache.none),
                new Setup("camel-eusate, " + jdk + " + AppCDS archive", eusate, properties, FIRST_POLL, Cache.appCds),
                new Setup("camel-eusate, JDK 25", eusate.withJava(jdk25), properties, FIRST_POLL, Cache.none),
                new Setup("camel-eusate, JDK 25 + AOT cache", eusate.withJava(jdk25), properties, FIRST_POLL, Cache.aotCache),
                new Setup("empty Camel Quarkus, " + jdk, empty, Map.of(), FIRST_EXCHANGE, Cache.none),
                new Setup("empty Camel Quarkus, JDK 25 + AOT cache", empty.withJava(jdk25), Map.of(),
                        FIRST_EXCHANGE, Cache.aotCache))) {
            StartupVariant variant = application.startup(setup.label(), setup.launch(), setup.properties(),
                    setup.firstWork(), setup.cache(), STARTUP_DATA, scale.startupRuns());
            variants.add(variant);
            if (variant.notMeasured() != null) {
                System.out.printf("startup, %s: %s%n", variant.label(), variant.notMeasured());
            }
            for (Startup startup : variant.runs()) {
                System.out.printf("startup, %s: Quarkus started in %.3f s, JVM start to first poll %d ms, RSS %d MiB%n",
                        variant.label(), startup.quarkusStartedSeconds(), startup.toFirstPollMillis(),
                        startup.rssKb() / 1024);
            }
        }
        return variants;
    }

    /**
     * An initial sync of the data set at 0 ms by every variant into the sink, not measured, right before the measured
     * runs into that sink, so that no measured run is the first at that size on a JIT-cold code path, broker or
     * connection pool. The variants share most of that code (Camel's core, the sinks, the broker, the simulator): with
     * a warm-up smaller than the data set, the variant measured first paid for compiling it at that size, and without
     * a JFR recording around the warm-up, the variant measured first paid for the JVM's first recording.
     */
    private void warmUp(BenchEnvironment environment, DataSet dataSet, Sink sink) throws Exception {
        environment.simulator.setLatency(Duration.ZERO);
        for (Variant variant : variantOrder()) {
            try (SyncRun run = new SyncRun(variant, sink, dataSet, scale.concurrency(), environment, ++runNumber)) {
                // as the measured runs of the profiled data set are, so that none is the first under a recording
                SyncRun.Poll poll = CpuProfile.underRecording(run::poll);
                System.out.printf("warm-up, %s, %s, %s: %,d messages in %,d ms, %,d ms CPU%n", dataSet, sink,
                        variant.label(), poll.delivered(), poll.wallNanos() / 1_000_000, poll.cpuNanos() / 1_000_000);
            }
        }
    }

    /** (a) then (b); with -Dbench.routeFirst=true (b) then (a), to see that the order does not decide the figures. */
    private static List<Variant> variantOrder() {
        List<Variant> order = new ArrayList<>(List.of(Variant.values()));
        if (Boolean.getBoolean("bench.routeFirst")) {
            Collections.reverse(order);
        }
        return order;
    }

    /** One run; with {@code profileFile} set, its initial sync is recorded with JFR there. */
    private SyncResult sync(BenchEnvironment environment, DataSet dataSet, int latency, Sink sink, Variant variant,
                            Path profileFile) throws Exception {
        try (SyncRun run = new SyncRun(variant, sink, dataSet, scale.concurrency(), environment, ++runNumber)) {
            long expected = environment.messageCount(dataSet);
            SyncRun.Poll initial;
            CpuProfile.Summary profile = null;
            if (profileFile == null) {
                initial = run.poll();
            } else {
                var profiled = CpuProfile.record(profileFile, run::poll);
                initial = profiled.result();
                profile = profiled.profile();
            }
            SyncRun.Poll idle = run.poll();
            int changed = environment.changeShare(dataSet, scale.changedShare());
            SyncRun.Poll steady = run.poll();
            return new SyncResult(dataSet, latency, sink, variant, expected, initial, idle, changed, steady, profile);
        }
    }

    private void print(SyncResult r) {
        System.out.printf("%s, %d ms, %s, %s: initial %,d of %,d messages in %,d ms (%,.0f msg/s, %,d requests,"
                          + " %,d ms CPU);"
                          + " idle: %,d requests in %,d ms; %d changed: %,d requests, %,d delivered in %,d ms%n",
                r.dataSet(), r.latencyMillis(), r.sink(), r.variant().label(), r.initial().delivered(), r.expected(),
                r.initial().wallNanos() / 1_000_000, r.initial().delivered() * 1e9 / r.initial().wallNanos(),
                r.initial().requests(), r.initial().cpuNanos() / 1_000_000, r.idle().requests(),
                r.idle().wallNanos() / 1_000_000, r.changed(), r.steady().requests(), r.steady().delivered(),
                r.steady().wallNanos() / 1_000_000);
    }
}
