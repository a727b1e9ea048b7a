package io.github.cameleusate.bench;

import java.util.List;

/**
 * How much the benchmark does: the data sets of the sync runs, the simulated latencies, the sinks, and the sizes of the
 * runs of the packaged application. {@link #full()} is what BENCHMARKS.md reports; {@link #smoke()} runs every part on
 * tiny data, so that the test suite keeps the benchmark working.
 */
record BenchScale(String name, List<DataSet> dataSets, List<Integer> latenciesMillis, List<Sink> sinks, int concurrency,
                  double changedShare, DataSet memoryDataSet, int startupRuns) {

    /** N conversations of M messages each, in one customer session. */
    record DataSet(int conversations, int messagesPerConversation) {

        int messages() {
            return conversations * messagesPerConversation;
        }

        String session() {
            return "bench-" + conversations + "x" + messagesPerConversation;
        }

        @Override
        public String toString() {
            return String.format("%,d × %,d", conversations, messagesPerConversation);
        }
    }

    static BenchScale of(String name) {
        return switch (name) {
            case "full" -> full();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("Unknown bench.scale '" + name + "': use smoke or full");
        };
    }

    static BenchScale full() {
        return new BenchScale("full", List.of(new DataSet(2_000, 25), new DataSet(10_000, 20)), List.of(0, 50),
                List.of(Sink.h2, Sink.kafka), 16, 0.01, new DataSet(10_000, 100), 3);
    }

    static BenchScale smoke() {
        return new BenchScale("smoke", List.of(new DataSet(20, 3)), List.of(0, 20), List.of(Sink.h2, Sink.kafka), 4,
                0.1, new DataSet(50, 4), 1);
    }
}
