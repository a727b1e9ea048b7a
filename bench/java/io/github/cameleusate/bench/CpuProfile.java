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
 * A JFR recording (the JDK's "profile" settings) around one run, summarised as where the CPU samples fell: by thread,
 * and on the thread that delivers, by the first frame outside the JDK (the code that asked for the time).
 */
final class CpuProfile {

    /** Parts of thread names, in the order they are tried, and what those threads do in a sync run. */
    private static final Map<String, String> THREADS = new LinkedHashMap<>();

    static {
        THREADS.put("eusate-simulator", "simulator (the API's side, same JVM)");
        THREADS.put("HTTP-Dispatcher", "simulator (the API's side, same JVM)");
        THREADS.put("EusateFetch", "component fetchers: HTTP + JSON");
        THREADS.put("main", "consumer thread: poll, deliver, sink");
        THREADS.put("pool-", "route's parallel split: HTTP + JSON + sink");
        THREADS.put("kafka-producer-network-thread", "Kafka producer I/O");
        THREADS.put("data-plane-kafka", "Kafka broker (same JVM)");
        THREADS.put("broker-", "Kafka broker (same JVM)");
    }

    /** Shares of the samples, each map ordered from the largest. */
    record Summary(int samples, Map<String, Double> byThread, Map<String, Double> deliveringThreadByCode) {
    }

    /** What a profiled run returned, and its profile. */
    record Profiled<T>(T result, Summary profile) {
    }

    static <T> Profiled<T> record(Path file, Callable<T> run) throws Exception {
        try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
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
        Map<String, Long> byThread = count(samples, e -> threadGroup(e.getThread("sampledThread").getJavaName()));
        Map<String, Long> delivering = count(samples.stream()
                .filter(e -> threadGroup(e.getThread("sampledThread").getJavaName()).startsWith("consumer thread"))
                .toList(), CpuProfile::code);
        return new Summary(samples.size(), shares(byThread), shares(delivering));
    }

    private static String threadGroup(String name) {
        if (name == null) {
            return "other";
        }
        return THREADS.entrySet().stream().filter(t -> name.contains(t.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("other JVM threads (GC, JIT are not sampled)");
    }

    /** The first frame outside java., jdk. and sun.: the library that spent (or asked the JDK to spend) the time. */
    private static String code(RecordedEvent sample) {
        if (sample.getStackTrace() == null) {
            return "unknown";
        }
        for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
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
        if (type.startsWith("org.h2")) {
            return "H2 (sink)";
        }
        if (type.startsWith("org.apache.kafka") || type.startsWith("org.apache.camel.component.kafka")) {
            return "Kafka client (sink)";
        }
        if (type.startsWith("org.apache.camel")) {
            return "Camel routing";
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
