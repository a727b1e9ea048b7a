package io.github.cameleusate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.cameleusate.bench.Benchmark.Results;
import io.github.cameleusate.bench.Benchmark.SyncResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark. In the test suite it runs on tiny data (bench.scale=smoke) into target/bench, so that it keeps
 * working; {@code ./mvnw -B verify -Pbench} runs it at full scale and writes BENCHMARKS.md. Either way it checks what
 * must hold whatever the timings: every message arrived once per variant, and the request counts of a poll. It asserts
 * no timing.
 */
class BenchmarkIT {

    @Test
    void benchmark() throws Exception {
        BenchScale scale = BenchScale.of(System.getProperty("bench.scale", "smoke"));
        Path work = Path.of(System.getProperty("bench.work", "camel-eusate-bench/target/bench"));
        Path report = Path.of(System.getProperty("bench.report", work.resolve("BENCHMARKS-" + scale.name() + ".md").toString()));

        Results results = new Benchmark(scale, work.resolve("work-" + scale.name())).run();
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, new BenchmarkReport(results).markdown());
        System.out.println("Wrote " + report.toAbsolutePath());

        assertEquals(scale.dataSets().size() * scale.latenciesMillis().size() * scale.sinks().size() * 2,
                results.syncs().size());
        assertAll(results.syncs().stream().map(r -> () -> {
            String run = r.dataSet() + ", " + r.latencyMillis() + " ms, " + r.sink() + ", " + r.variant();
            assertEquals(r.expected(), r.initial().delivered(), run + ": every message, once");
            assertTrue(r.initial().cpuNanos() > 0, run + ": the initial sync's CPU time is measured");
            assertEquals(0, r.idle().delivered(), run + ": nothing in an idle poll");
            assertEquals(r.changed(), r.steady().delivered(), run + ": only the new messages");
            int sessions = r.dataSet().sessions();
            int fetchedWhenIdle = r.variant() == Variant.incremental ? 0 : r.dataSet().conversations();
            int fetchedWhenChanged = r.variant() == Variant.incremental ? r.changed() : r.dataSet().conversations();
            assertEquals(sessions + fetchedWhenIdle, r.idle().requests(), run + ": requests of the idle poll");
            assertEquals(sessions + fetchedWhenChanged, r.steady().requests(), run + ": requests of the 1% poll");
        }));
        assertEquals(scale.memoryDataSet().messages(), results.memory().delivered(), "the memory run synced everything");
        assertEquals(scale.heapDataSets().size(), results.heaps().size(), "every heap run");
        List<ApplicationRuns.HeapRun> heaps = new ArrayList<>(results.heaps());
        heaps.add(results.replicas());
        assertEquals(IntStream.range(0, Benchmark.REPLICA_SHARDS).boxed().collect(Collectors.toSet()),
                results.replicas().instances().stream().flatMap(i -> i.shardsLed().stream()).collect(Collectors.toSet()),
                "the replicas lead every shard");
        assertEquals(Benchmark.REPLICA_SHARDS, results.replicas().instances().stream()
                .mapToInt(i -> i.shardsLed().size()).sum(), "each shard led once");
        assertAll(heaps.stream().map(h -> () -> assertEquals(
                2L * h.dataSet().sessions() * (2 + h.dataSet().conversationsPerSession()), h.stateRows(),
                h.dataSet() + ": per session and consumer, a marker, an index and one row per conversation")));
        assertAll(results.heaps().stream().map(h -> () -> assertTrue(h.idlePollSecondsAtLatency().orElse(0) > 0,
                h.dataSet() + ": the idle poll at latency is timed")));
        assertEquals(6, results.startups().size(), "every startup variant");
        assertAll(results.startups().stream().map(v -> () -> assertEquals(
                v.notMeasured() == null ? scale.startupRuns() : 0, v.runs().size(),
                v.label() + ": every run, or none where its JDK is not installed")));
        assertEquals(scale.sinks().size() * 2, results.profiles().size(), "a CPU profile per variant and sink");
        assertTrue(Files.readString(report).contains("## Memory"), "the report is written");
    }
}
