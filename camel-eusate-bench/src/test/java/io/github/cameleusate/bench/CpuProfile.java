package io.github.cameleusate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording (the JDK's low-overhead "default" settings) around one run, summarised as where the CPU samples fell:
 * by thread, and, over the threads of the syncing side (not the simulator's, not the broker's), by library. A sample
 * inside the sink (camel-jdbc and H2, or camel-kafka and the Kafka client) counts for the sink wherever it was called
 * from; any other sample for the first frame outside the JDK.
 */
final class CpuProfile {

    private static final String SIMULATOR = "simulator (the API's side, same JVM)";
    private static final String BROKER = "Kafka broker (same JVM)";

    /** Parts of thread names, in the order they are tried, and what those threads do in a sync run. */
    private static final Map<String, String> THREADS = new LinkedHashMap<>();

    static {
        THREADS.put("eusate-simulator", SIMULATOR);
        THREADS.put("HTTP-Dispatcher", SIMULATOR);
        THREADS.put("kafka-producer-network-thread", "Kafka producer I/O");
        THREADS.put("KafkaProducer[", "camel-kafka threads (the route goes on there after each ack)");
        THREADS.put("data-plane-kafka", BROKER);
        THREADS.put("kafka-", BROKER);
        THREADS.put("broker-", BROKER);
        THREADS.put("quorum-controller", BROKER);
        THREADS.put("controller-", BROKER);
        THREADS.put("MVStore", "H2 background writer");
        THREADS.put("H2", "H2 background writer");
        THREADS.put("EusateRequest", "component request threads: HTTP + JSON");
        THREADS.put("EusateDelivery", "component delivery threads: routing + sink");
        THREADS.put("pool-", "route's parallel splits: HTTP + JSON + routing + sink");
        THREADS.put("main", "poll thread: (a) the poll's pipeline, state; (b) the caller");
    }

    /** Packages whose samples count for the sink, wherever in the stack they are. */
    private static final Map<String, String> SINKS = Map.of(
            "org.h2.", "sink: camel-jdbc + H2",
            "org.apache.camel.component.jdbc.", "sink: camel-jdbc + H2",
            "org.apache.kafka.", "sink: camel-kafka + Kafka client",
            "org.apache.camel.component.kafka.", "sink: camel-kafka + Kafka client");

    /** Shares of the samples, each map ordered from the largest. */
    record Summary(int samples, Map<String, Double> byThread, Map<String, Double> syncingSideByCode) {
    }

    /** What a profiled run returned, and its profile. */
    record Profiled<T>(T result, Summary profile) {
    }

    /**
     * Runs {@code run} under a recording of the same settings, kept nowhere. The first recording a JVM starts costs
     * it a burst of class loading, instrumentation and compilation: a warm-up run under one leaves no measured run to
     * be the first.
     */
    static <T> T underRecording(Callable<T> run) throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.start();
            T result = run.call();
            recording.stop();
            return result;
        }
    }

    static <T> Profiled<T> record(Path file, Callable<T> run) throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration("default"))) {
            recording.start();
            T result = run.call();
            recording.stop();
            recording.dump(file);
            return new Profiled<>(result, summarise(file));
        }
    }

    static Summary summarise(Path file) throws IOException {
        List<RecordedEvent> samples = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")).toList();
        Map<String, Long> byThread = count(samples, CpuProfile::threadGroup);
        Map<String, Long> syncingSide = count(samples.stream()
                .filter(e -> !threadGroup(e).equals(SIMULATOR) && !threadGroup(e).equals(BROKER)).toList(),
                CpuProfile::code);
        return new Summary(samples.size(), shares(byThread), shares(syncingSide));
    }

    private static String threadGroup(RecordedEvent sample) {
        String name = sample.getThread("sampledThread").getJavaName();
        if (name == null) {
            return "other threads";
        }
        return THREADS.entrySet().stream().filter(t -> name.contains(t.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("other threads");
    }

    /** The sink, if the sample is inside it; else the first frame outside java., javax., jdk. and sun. */
    private static String code(RecordedEvent sample) {
        if (sample.getStackTrace() == null) {
            return "unknown";
        }
        for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> sink : SINKS.entrySet()) {
                if (type.startsWith(sink.getKey())) {
                    return sink.getValue();
                }
            }
        }
        for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("javax.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return library(type);
            }
        }
        return "JDK only";
    }

    private static String library(String type) {
        if (type.startsWith("io.github.cameleusate.component") || type.startsWith("io.github.cameleusate.sync")) {
            return "eusate component (state, change detection)";
        }
        if (type.startsWith("io.github.cameleusate.client") || type.startsWith("org.apache.hc")) {
            return "HTTP client";
        }
        if (type.startsWith("com.fasterxml") || type.startsWith("io.github.cameleusate.model")) {
            return "JSON (Jackson)";
        }
        if (type.startsWith("org.apache.camel")) {
            return "Camel routing (EIPs, expressions, headers, type conversion)";
        }
        if (type.startsWith("io.micrometer")) {
            return "Micrometer";
        }
        if (type.startsWith("io.github.cameleusate.bench")) {
            return "benchmark harness";
        }
        return type.substring(0, Math.max(0, type.lastIndexOf('.')));
    }

    private static Map<String, Long> count(List<RecordedEvent> samples, Function<RecordedEvent, String> key) {
        return samples.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    private static Map<String, Double> shares(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), total == 0 ? 0 : 100.0 * e.getValue() / total));
        return shares;
    }
}
