package io.github.cameleusate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

import io.github.cameleusate.bench.ApplicationRuns.MemorySample;
import io.github.cameleusate.bench.ApplicationRuns.Startup;
import io.github.cameleusate.bench.Benchmark.Results;
import io.github.cameleusate.bench.Benchmark.SyncResult;

/** BENCHMARKS.md: the machine, the figures the benchmark printed, and the hand-written analysis in bench/analysis.md. */
final class BenchmarkReport {

    private final Results results;
    private final StringBuilder out = new StringBuilder();

    BenchmarkReport(Results results) {
        this.results = results;
    }

    String markdown() throws IOException {
        line("# Benchmarks");
        line();
        line("Written by `./mvnw -B verify -Pbench` (camel-eusate-bench: its harness and routes; the test suite runs the same benchmark on"
             + " tiny data). Figures from one run; nothing here is asserted by a test except the request counts and that"
             + " every message arrived.");
        line();
        line("- Run: " + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(results.started().atOffset(ZoneOffset.UTC)
                .withNano(0)) + " UTC, scale `" + results.scale().name() + "`, took " + results.took().toMinutes()
             + " min " + results.took().toSecondsPart() + " s");
        line("- Machine: " + Machine.describe());
        line("- Simulator: the built-in one, in the benchmark's JVM, over HTTP on loopback, answering after the set"
             + " latency, 16 requests at a time. Concurrency " + results.scale().concurrency() + " for both variants:"
             + " the consumer's `concurrency`; the route's two parallel splits (sessions, then each session's"
             + " conversations), each that wide. No request pacing.");
        line("- H2: a file database per run, one `MERGE` per message through camel-jdbc. Kafka: an in-process KRaft"
             + " broker, one record per message, `acks=all`, sent synchronously (the exchange completes on the ack).");
        line("- Warm-up: right before the measured runs of a data set into a sink, each variant synced that data set"
             + " at 0 ms into that sink, unmeasured, so that no measured run is the first at that size on a cold JIT,"
             + " broker or pool (the variants share most of that code; the one measured first would pay for compiling"
             + " it). Variants in the order " + (Boolean.getBoolean("bench.routeFirst") ? "(b), (a)" : "(a), (b)")
             + ".");
        line();
        initialSync();
        idlePoll();
        changePoll();
        profiles();
        memory();
        heap();
        startup();
        Path analysis = Path.of(System.getProperty("bench.analysis", "camel-eusate-bench/analysis.md"));
        if (Files.exists(analysis)) {
            line(Files.readString(analysis).strip());
        }
        return out.toString();
    }

    private void initialSync() {
        int concurrency = results.scale().concurrency();
        line("## Initial sync");
        line();
        line("Every message of a data set (S sessions × N conversations × M messages) from empty state into the sink."
             + " Latency bound: every request (S lists + S × N fetches) × latency ÷ concurrency, the least a poll"
             + " making them " + concurrency + " at a time can take. (b) ÷ (a): how many times longer the"
             + " hand-written route took. CPU: the benchmark JVM's CPU time during the sync per message, the"
             + " simulator's and the broker's included (both variants make the same requests and records here);"
             + " (a) ÷ (b) CPU: the consumer's over the route's, at most 1 where the consumer costs no more.");
        line();
        table("| data set | latency | sink | (a) eusate: wall | (a) msg/s | (a) ÷ latency bound | (b) camel-http wall"
              + " | (b) msg/s | (b) ÷ (a) wall | (a) CPU per msg | (b) CPU per msg | (a) ÷ (b) CPU |",
              of(Variant.incremental).stream().map(a -> {
                  SyncResult b = partner(a);
                  return String.format(Locale.ROOT,
                          "| %s | %d ms | %s | %.2f s | %,.0f | %s | %.2f s | %,.0f | %.2f | %.0f µs | %.0f µs | %.2f |",
                          a.dataSet(), a.latencyMillis(), a.sink(), seconds(a.initial().wallNanos()), rate(a),
                          boundRatio(a, a.initial(), a.dataSet().sessions() + a.dataSet().conversations()),
                          seconds(b.initial().wallNanos()), rate(b), (double) b.initial().wallNanos() / a.initial().wallNanos(),
                          cpuMicrosPerMessage(a.initial()), cpuMicrosPerMessage(b.initial()),
                          cpuMicrosPerMessage(a.initial()) / cpuMicrosPerMessage(b.initial()));
              }).toList());
    }

    private static double cpuMicrosPerMessage(SyncRun.Poll poll) {
        return poll.cpuNanos() / 1000.0 / Math.max(1, poll.delivered());
    }

    private void idlePoll() {
        line("## Idle poll");
        line();
        line("After the initial sync, a poll with nothing new. (a) makes one list request per session; its latency"
             + " bound is S × latency ÷ concurrency. (b) lists and fetches everything again.");
        line();
        table("| data set | latency | sink | (a) requests | (a) poll | (a) ÷ latency bound | (b) requests | (b) poll"
              + " | (b) ÷ (a) poll |", of(Variant.incremental).stream().map(a -> {
                  SyncResult b = partner(a);
                  return String.format(Locale.ROOT, "| %s | %d ms | %s | %,d | %,.0f ms | %s | %,d | %,.0f ms | %.1f |",
                          a.dataSet(), a.latencyMillis(), a.sink(), a.idle().requests(), millis(a.idle().wallNanos()),
                          boundRatio(a, a.idle(), a.dataSet().sessions()), b.idle().requests(),
                          millis(b.idle().wallNanos()), (double) b.idle().wallNanos() / a.idle().wallNanos());
              }).toList());
    }

    private void changePoll() {
        line(String.format(Locale.ROOT, "## A poll after new messages in %.0f%% of the conversations",
                results.scale().changedShare() * 100));
        line();
        line("Then one new message in that share of the conversations, spread over the sessions, and one poll. (a)"
             + " must make one request per session plus one per changed conversation, and no more.");
        line();
        table("| data set | latency | sink | changed | (a) requests | (a) expected | (a) poll | (a) ÷ latency bound"
              + " | (b) requests | (b) poll | (b) ÷ (a) poll |", of(Variant.incremental).stream().map(a -> {
                  SyncResult b = partner(a);
                  int expected = a.dataSet().sessions() + a.changed();
                  return String.format(Locale.ROOT, "| %s | %d ms | %s | %,d | %,d | %,d | %,.0f ms | %s | %,d | %,.0f ms | %.1f |",
                          a.dataSet(), a.latencyMillis(), a.sink(), a.changed(), a.steady().requests(), expected,
                          millis(a.steady().wallNanos()), boundRatio(a, a.steady(), expected), b.steady().requests(),
                          millis(b.steady().wallNanos()), (double) b.steady().wallNanos() / a.steady().wallNanos());
              }).toList());
    }

    /** A poll's wall time over its latency bound, and the bound; "–" without latency. */
    private String boundRatio(SyncResult run, SyncRun.Poll poll, int requests) {
        double bound = run.latencyBoundSeconds(requests, results.scale().concurrency());
        return bound == 0 ? "–" : String.format(Locale.ROOT, "%.2f (%.2f s)", seconds(poll.wallNanos()) / bound, bound);
    }

    private void profiles() {
        line("## Where the time goes at 0 ms latency");
        line();
        line("JFR (`default` settings, a sample every 20 ms of each running thread) during the 0 ms initial syncs of the"
             + " first data set (" + results.scale().dataSets().get(0) + "): CPU samples by thread; then, over the syncing"
             + " side's threads (all but the simulator's and the broker's), by library: a sample inside the sink counts for"
             + " the sink wherever it was called from, any other for its first frame outside the JDK. A thread waiting on a"
             + " socket or a lock is not sampled.");
        line();
        results.profiles().forEach((run, profile) -> {
            line("**" + run + "** (" + profile.samples() + " samples)");
            line();
            List<Map.Entry<String, Double>> threads = List.copyOf(profile.byThread().entrySet());
            List<Map.Entry<String, Double>> code = List.copyOf(profile.syncingSideByCode().entrySet());
            table("| thread | share | | syncing side, by library | share |",
                    IntStream.range(0, Math.min(8, Math.max(threads.size(), code.size()))).mapToObj(i -> String.format(
                            Locale.ROOT, "| %s | %s | | %s | %s |",
                            i < threads.size() ? threads.get(i).getKey() : "",
                            i < threads.size() ? percent(threads.get(i)) : "",
                            i < code.size() ? code.get(i).getKey() : "",
                            i < code.size() ? percent(code.get(i)) : "")).toList());
        });
    }

    private void memory() {
        ApplicationRuns.MemoryRun memory = results.memory();
        line("## Memory");
        line();
        line(String.format(Locale.ROOT, "The packaged application (`-Xmx512m`, production profile, messages and"
                                        + " conversations into H2) syncing %s = %,d messages from empty state: %,d delivered in %.0f s"
                                        + " (%,.0f msg/s). Peak heap used %d MiB of %d MiB; peak RSS %d MiB. Sampled from"
                                        + " /q/metrics and /proc every second:",
                memory.dataSet(), memory.dataSet().messages(), memory.delivered(), memory.wallMillis() / 1000.0,
                memory.delivered() * 1000.0 / memory.wallMillis(), memory.peakHeapUsedBytes() >> 20,
                memory.maxHeapBytes() >> 20, memory.peakRssKb() / 1024));
        line();
        List<MemorySample> samples = memory.samples();
        int rows = Math.min(10, samples.size());
        table("| messages delivered | heap used | RSS |", IntStream.rangeClosed(1, rows).mapToObj(i -> {
            MemorySample sample = samples.get(i * samples.size() / rows - 1);
            return String.format(Locale.ROOT, "| %,d | %d MiB | %d MiB |", sample.delivered(),
                    sample.heapUsedBytes() >> 20, sample.rssKb() / 1024);
        }).toList());
    }

    private void heap() {
        List<ApplicationRuns.HeapRun> heaps = results.heaps();
        line("## Heap per session");
        line();
        line(String.format(Locale.ROOT, "The packaged application (`-Xmx512m`, profile `prod,postgresql`, messages and"
             + " conversations into PostgreSQL by the shipped routes, `concurrency` %d and `maxConnections` %d) given the"
             + " sessions as rows of `eusate_session`: the initial sync at 0 ms; once every message is in, its live heap"
             + " (the total of `jcmd <pid> GC.class_histogram`, which runs a full GC first) after the first and after the"
             + " tenth idle poll, and the rows of `eusate_state`; then an idle poll of the messages at %d ms (its bound:"
             + " sessions × latency ÷ concurrency). Two runs differ only in the number of sessions; their difference"
             + " over the difference in sessions is what one session costs.", ApplicationRuns.HEAP_CONCURRENCY,
                2 * ApplicationRuns.HEAP_CONCURRENCY, ApplicationRuns.IDLE_POLL_LATENCY.toMillis()));
        line();
        table(String.format(Locale.ROOT, "| data set | initial sync | live heap, 1st idle poll | live heap, 10th idle poll"
                                         + " | state rows | rows per session | idle poll at %d ms (bound) |",
                        ApplicationRuns.IDLE_POLL_LATENCY.toMillis()),
                heaps.stream().map(h -> String.format(Locale.ROOT, "| %s | %.1f s | %,d KiB | %,d KiB | %,d | %.1f | %s |",
                        h.dataSet(), h.syncMillis() / 1000.0, h.liveBytesFirstIdlePoll() >> 10,
                        h.liveBytesTenthIdlePoll() >> 10, h.stateRows(),
                        (double) h.stateRows() / h.dataSet().sessions(),
                        h.idlePollSecondsAtLatency().stream().mapToObj(s -> String.format(Locale.ROOT,
                                "%.1f s (%.1f s)", s, h.idlePollBoundSeconds())).findFirst().orElse("-"))).toList());
        if (heaps.size() >= 2) {
            ApplicationRuns.HeapRun small = heaps.get(0);
            ApplicationRuns.HeapRun large = heaps.get(heaps.size() - 1);
            int more = large.dataSet().sessions() - small.dataSet().sessions();
            line(String.format(Locale.ROOT, "Per session: %,.0f bytes at the first idle poll, %,.0f at the tenth"
                                            + " (%,d more sessions).",
                    (double) (large.liveBytesFirstIdlePoll() - small.liveBytesFirstIdlePoll()) / more,
                    (double) (large.liveBytesTenthIdlePoll() - small.liveBytesTenthIdlePoll()) / more, more));
            line();
        }
        ApplicationRuns.HeapRun replicas = results.replicas();
        line(String.format(Locale.ROOT, "The same application as %d replicas sharing %d shards through Camel's file"
                                        + " cluster service (`EUSATE_CLUSTER=file`, one lock file per shard, taken by"
                                        + " whichever instance finds it free: it does not balance), %s on PostgreSQL,"
                                        + " synced in %.1f s, %,d state rows; each instance's live heap:",
                replicas.instances().size(), replicas.shards(), replicas.dataSet(), replicas.syncMillis() / 1000.0,
                replicas.stateRows()));
        line();
        table("| instance | shards led | live heap, 1st idle poll | live heap, 10th idle poll |",
                IntStream.range(0, replicas.instances().size()).mapToObj(n -> {
                    ApplicationRuns.InstanceHeap i = replicas.instances().get(n);
                    return String.format(Locale.ROOT, "| %d | %d %s | %,d KiB | %,d KiB |", n + 1, i.shardsLed().size(),
                            i.shardsLed(), i.liveBytesFirstIdlePoll() >> 10, i.liveBytesTenthIdlePoll() >> 10);
                }).toList());
    }

    private void startup() {
        line("## Startup");
        line();
        line(String.format(Locale.ROOT, "Each application started %d times, each time in a fresh data directory: camel-eusate"
                                        + " (production profile, `-Xmx512m`) against a session of 10 conversations, from"
                                        + " the top-level directory as the README runs it; the empty Camel Quarkus"
                                        + " application (camel-eusate-bench/empty-camel-quarkus: camel-quarkus-timer and -log,"
                                        + " one timer route firing once at start) on the same versions. \"Quarkus started"
                                        + " in\" is Quarkus' own figure; \"JVM start to first poll\" runs from the process's"
                                        + " start to the end of the first poll's log line (the empty application's first"
                                        + " exchange). An AppCDS archive or AOT cache is written by one training run"
                                        + " (started, first poll, stopped), then used by every measured run.",
                results.scale().startupRuns()));
        line();
        table("| how it starts | Quarkus started in: median (min–max) | JVM start to first poll: median (min–max) | RSS then |",
                results.startups().stream().map(v -> v.notMeasured() != null
                        ? "| " + v.label() + " | " + v.notMeasured() + " | | |"
                        : String.format(Locale.ROOT, "| %s | %s | %s | %d MiB |", v.label(),
                        spread(v.runs().stream().mapToDouble(Startup::quarkusStartedSeconds)),
                        spread(v.runs().stream().mapToDouble(r -> r.toFirstPollMillis() / 1000.0)),
                        (long) median(v.runs().stream().mapToDouble(r -> r.rssKb() / 1024.0)))).toList());
    }

    /** Seconds: the median, then the least and the most. */
    private static String spread(DoubleStream seconds) {
        double[] sorted = seconds.sorted().toArray();
        return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", median(Arrays.stream(sorted)), sorted[0],
                sorted[sorted.length - 1]);
    }

    private static double median(DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private List<SyncResult> of(Variant variant) {
        return results.syncs().stream().filter(r -> r.variant() == variant).toList();
    }

    private SyncResult partner(SyncResult a) {
        return results.syncs().stream().filter(b -> b.variant() != a.variant() && b.dataSet().equals(a.dataSet())
                                                    && b.latencyMillis() == a.latencyMillis() && b.sink() == a.sink())
                .findFirst().orElseThrow();
    }

    private static double rate(SyncResult r) {
        return r.initial().delivered() * 1e9 / r.initial().wallNanos();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static String percent(Map.Entry<String, Double> share) {
        return String.format(Locale.ROOT, "%.1f%%", share.getValue());
    }

    /** A table: its header row, the separator row, the rows, a blank line. */
    private void table(String header, List<String> rows) {
        line(header);
        line("|---".repeat((int) header.chars().filter(c -> c == '|').count() - 1) + "|");
        rows.forEach(this::line);
        line();
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private void line() {
        out.append('\n');
    }
}
