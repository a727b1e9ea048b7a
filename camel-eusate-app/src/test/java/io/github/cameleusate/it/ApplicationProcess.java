package io.github.cameleusate.it;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;


/**
 * The packaged application (camel-eusate-app/target/quarkus-app) run as its own JVM from the top-level directory, as a
 * user runs it: configuration through the environment and system properties, output to a log file. Stopped with
 * SIGTERM, or killed.
 */
public final class ApplicationProcess implements AutoCloseable {

    /** Quarkus' line once everything started, after Camel's own "started in". */
    private static final String STARTED = "(powered by Quarkus";
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://[^\\s]+)");

    /**
     * Which Quarkus application runs on which JVM: its name (Quarkus' "NAME stopped in" line), its quarkus-run.jar, the
     * java executable and the options before {@code -jar}.
     */
    public record Launch(String name, Path jar, Path java, List<String> jvmOptions) {

        /** camel-eusate where the build put it (the system property app.jar), else where the README says, on this JVM. */
        public static Launch application() {
            return new Launch("camel-eusate", Path.of(System.getProperty("app.jar",
                    "camel-eusate-app/target/quarkus-app/quarkus-run.jar")), thisJava(), List.of());
        }

        /** The java executable of the JDK this JVM runs on. */
        public static Path thisJava() {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }

        public Launch withJava(Path java) {
            return new Launch(name, jar, java, jvmOptions);
        }

        public Launch withJvmOptions(String... options) {
            return new Launch(name, jar, java, List.of(options));
        }
    }

    private final Process process;
    private final Path log;
    private final long logStart;
    private final Launch launch;

    private ApplicationProcess(Process process, Path log, long logStart, Launch launch) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        this.launch = launch;
    }

    /** Starts the application and waits until Quarkus reports it started (and where it listens); fails with the log when it does not. */
    public static ApplicationProcess start(Path log, Map<String, String> environment, Map<String, String> properties)
            throws IOException, InterruptedException {
        return start(null, log, environment, properties);
    }

    /** Starts the application in {@code workingDirectory} (null: this JVM's), as {@link #start(Path, Map, Map)}. */
    public static ApplicationProcess start(Path workingDirectory, Path log, Map<String, String> environment,
                                           Map<String, String> properties) throws IOException, InterruptedException {
        return start(Launch.application(), workingDirectory, log, environment, properties);
    }

    /** Starts {@code launch}'s application in {@code workingDirectory} (null: this JVM's), as {@link #start(Path, Map, Map)}. */
    public static ApplicationProcess start(Launch launch, Path workingDirectory, Path log, Map<String, String> environment,
                                           Map<String, String> properties) throws IOException, InterruptedException {
        if (!Files.exists(launch.jar())) {
            throw new IllegalStateException(launch.jar() + " is missing: integration tests run after 'package' (./mvnw verify)");
        }
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.add("-Xmx512m");
        command.addAll(launch.jvmOptions());
        // /q/health and /q/metrics on a free loopback port (see httpUrl())
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=0");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(launch.jar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory == null ? null : workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        ApplicationProcess application = new ApplicationProcess(builder.start(), log, logStart, launch);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> application.output().contains(STARTED) || !application.process.isAlive());
        } catch (RuntimeException e) {
            application.kill();
            throw new IllegalStateException("The application did not start:\n" + application.output(), e);
        }
        if (!application.process.isAlive()) {
            throw new IllegalStateException("The application exited with " + application.process.exitValue() + ":\n"
                                            + application.output());
        }
        return application;
    }

    /** Where the application serves /q/health and /q/metrics, as its start line says ("Listening on: ..."). */
    public URI httpUrl() {
        Matcher listening = LISTENING.matcher(output());
        if (!listening.find()) {
            throw new IllegalStateException("The application does not say where it listens:\n" + output());
        }
        return URI.create(listening.group(1));
    }

    /** What this run of the application printed so far (the log file may hold earlier runs before it). */
    public String output() {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) logStart, all.length - (int) logStart, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits for the condition; when it does not come, fails with what the application printed. */
    public void await(Duration atMost, Callable<Boolean> condition) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nThe application's log:\n" + output(), e);
        }
    }

    /** The operating system's id of the application's JVM. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, as Ctrl-C or a container stop; waits for the JVM to exit and fails unless Quarkus shut down cleanly
     * (the JVM then exits with 143, 128 + SIGTERM).
     */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("The application did not stop within 60 s of SIGTERM:\n" + output());
        }
        if (!output().contains(launch.name() + " stopped in")) {
            throw new IllegalStateException("The application did not shut down cleanly (exit " + process.exitValue()
                                            + "):\n" + output());
        }
    }

    /** SIGKILL: no shutdown hook, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
