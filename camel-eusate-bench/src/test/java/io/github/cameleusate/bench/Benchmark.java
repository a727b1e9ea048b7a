package io.github.cameleusate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.bench.ApplicationRuns.MemoryRun;
import io.github.cameleusate.bench.ApplicationRuns.Startup;
import io.github.cameleusate.bench.BenchScale.DataSet;

/**
 * Runs every part of the benchmark at one scale and prints each figure as it comes; {@link BenchmarkReport} turns the
 * results into BENCHMARKS.md. Run by BenchmarkIT: {@code ./mvnw -B verify -Pbench} (see BENCHMARKS.md).
 */
final class Benchmark {

    private static final DataSet STARTUP_DATA = new DataSet(1, 10, 5);

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

    record Results(BenchScale scale, Instant started, Duration took, List<SyncResult> syncs, List<Startup> startups,
                   MemoryRun memory) {

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
        List<Startup> startups = new ArrayList<>();
        MemoryRun memory;
        try (BenchEnvironment environment = new BenchEnvironment(workDir, scale.sinks().contains(Sink.kafka))) {
            warmUp(environment);
            DataSet profiled = scale.dataSets().get(0);
            for (DataSet dataSet : scale.dataSets()) {
                environment.seed(dataSet);
                for (int latency : scale.latenciesMillis()) {
                    environment.simulator.setLatency(Duration.ofMillis(latency));
                    for (Sink sink : scale.sinks()) {
                        for (Variant variant : Variant.values()) {
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
            for (int run = 1; run <= scale.startupRuns(); run++) {
                Startup startup = application.startup(STARTUP_DATA, run);
                startups.add(startup);
                System.out.printf("startup %d: Quarkus started in %.3f s, JVM start to first poll %d ms, RSS %d MiB%n",
                        run, startup.quarkusStartedSeconds(), startup.toFirstPollMillis(), startup.rssKb() / 1024);
            }
            environment.seed(scale.memoryDataSet());
            memory = application.memory(scale.memoryDataSet());
            System.out.printf("memory: %,d messages in %,d ms, peak heap used %d MiB of %d MiB, peak RSS %d MiB%n",
                    memory.delivered(), memory.wallMillis(), memory.peakHeapUsedBytes() >> 20,
                    memory.maxHeapBytes() >> 20, memory.peakRssKb() / 1024);
        }
        return new Results(scale, started, Duration.between(started, Instant.now()), syncs, startups, memory);
    }

    /**
     * An initial sync of the warm-up data set by every variant into every sink, not measured, so that no measured run
     * is the first to use a JIT-cold code path, broker or connection pool (the variants share them).
     */
    private void warmUp(BenchEnvironment environment) throws Exception {
        DataSet dataSet = scale.warmUpDataSet();
        environment.seed(dataSet);
        for (Sink sink : scale.sinks()) {
            for (Variant variant : Variant.values()) {
                try (SyncRun run = new SyncRun(variant, sink, dataSet, scale.concurrency(), environment, ++runNumber)) {
                    SyncRun.Poll poll = run.poll();
                    System.out.printf("warm-up, %s, %s: %,d messages in %,d ms%n", sink, variant.label(),
                            poll.delivered(), poll.wallNanos() / 1_000_000);
                }
            }
        }
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
        System.out.printf("%s, %d ms, %s, %s: initial %,d of %,d messages in %,d ms (%,.0f msg/s, %,d requests);"
                          + " idle: %,d requests in %,d ms; %d changed: %,d requests, %,d delivered in %,d ms%n",
                r.dataSet(), r.latencyMillis(), r.sink(), r.variant().label(), r.initial().delivered(), r.expected(),
                r.initial().wallNanos() / 1_000_000, r.initial().delivered() * 1e9 / r.initial().wallNanos(),
                r.initial().requests(), r.idle().requests(), r.idle().wallNanos() / 1_000_000, r.changed(),
                r.steady().requests(), r.steady().delivered(), r.steady().wallNanos() / 1_000_000);
    }
}
