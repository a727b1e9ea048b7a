package io.github.cameleusate.bench;

import java.util.List;
import java.util.stream.IntStream;

/**
 * How much the benchmark does: the data sets of the sync runs, the simulated latencies, the sinks, and the sizes of the
 * runs of the packaged application (the heap runs: two numbers of sessions, whose difference is the cost of one; then
 * sessions over three replicas). Each
 * data set goes through every variant and sink once at 0 ms, unmeasured, before its measured runs. {@link #full()} is
 * what BENCHMARKS.md reports; {@link #smoke()} runs every part on tiny data, so that the test suite keeps the
 * benchmark working; {@link #cpu()} is only the full scale's CPU-bound rows (many small sessions at 0 ms), to profile.
 */
record BenchScale(String name, List<DataSet> dataSets, List<Integer> latenciesMillis, List<Sink> sinks,
                  int concurrency, double changedShare, DataSet memoryDataSet, List<DataSet> heapDataSets,
                  DataSet replicaHeapDataSet, int startupRuns) {

    /** S customer sessions of N conversations of M messages each. */
    record DataSet(int sessions, int conversationsPerSession, int messagesPerConversation) {

        int conversations() {
            return sessions * conversationsPerSession;
        }

        int messages() {
            return conversations() * messagesPerConversation;
        }

        /** The data set's sessions, named apart from every other data set's. */
        List<String> sessionIds() {
            String prefix = sessions + "x" + conversationsPerSession + "x" + messagesPerConversation + "-";
            return IntStream.range(0, sessions).mapToObj(i -> prefix + i).toList();
        }

        @Override
        public String toString() {
            return String.format("%,d session%s × %,d × %,d", sessions, sessions == 1 ? "" : "s", conversationsPerSession,
                    messagesPerConversation);
        }
    }

    static BenchScale of(String name) {
        return switch (name) {
            case "full" -> full();
            case "smoke" -> smoke();
            case "cpu" -> cpu();
            default -> throw new IllegalArgumentException("Unknown bench.scale '" + name + "': use smoke, full or cpu");
        };
    }

    /** The application runs of the smoke and cpu scales: every part, on tiny data. */
    private static final DataSet TINY_MEMORY = new DataSet(1, 50, 4);
    private static final List<DataSet> TINY_HEAPS = List.of(new DataSet(5, 2, 5), new DataSet(20, 2, 5));

    /**
     * Many small sessions, as real deployments have, and one session with many conversations; the heap runs on up to
     * 100,000 sessions, the last of them also over the replicas.
     */
    static BenchScale full() {
        DataSet manySessions = new DataSet(100_000, 2, 5);
        return new BenchScale("full", List.of(new DataSet(10_000, 2, 5), new DataSet(1, 10_000, 20)), List.of(0, 50),
                List.of(Sink.h2, Sink.kafka), 16, 0.01, new DataSet(1, 10_000, 100),
                List.of(new DataSet(10_000, 2, 5), manySessions), manySessions, 5);
    }

    static BenchScale cpu() {
        return new BenchScale("cpu", List.of(new DataSet(10_000, 2, 5)), List.of(0),
                List.of(Sink.h2, Sink.kafka), 16, 0.01, TINY_MEMORY, TINY_HEAPS, TINY_HEAPS.get(1), 1);
    }

    static BenchScale smoke() {
        return new BenchScale("smoke", List.of(new DataSet(20, 2, 3), new DataSet(1, 20, 3)), List.of(0, 20),
                List.of(Sink.h2, Sink.kafka), 4, 0.1, TINY_MEMORY, TINY_HEAPS, TINY_HEAPS.get(1), 1);
    }
}
