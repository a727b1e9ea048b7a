package io.github.cameleusate.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar camel-eusate-simulator-<version>-runnable.jar [--port 8089] [--sessions 3] ...}: the simulator with
 * the demo data set, on loopback, until stopped (Ctrl-C). Point the component at the URL it prints.
 */
public final class EusateSimulatorMain {

    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("port", "8089");
        DEFAULTS.put("api-key", "simulator-api-key");
        DEFAULTS.put("sessions", "3");
        DEFAULTS.put("conversations", "20");
        DEFAULTS.put("messages", "6");
        DEFAULTS.put("seed", "42");
        DEFAULTS.put("activity-period", "2000");
        DEFAULTS.put("latency", "0");
    }

    private EusateSimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(usage());
            return;
        }
        DemoSimulator demo = DemoSimulator.start(new DemoSimulator.Settings(options.get("api-key"),
                number(options, "port"), number(options, "sessions"), number(options, "conversations"),
                number(options, "messages"), number(options, "seed"),
                Duration.ofMillis(number(options, "activity-period")), null));
        demo.simulator().setLatency(Duration.ofMillis(number(options, "latency")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "eusate-simulator-shutdown"));
        System.out.println(demo.describe() + "; accepting the API key given with --api-key. Ctrl-C stops it.");
        stopped.await();
    }

    /** The options given over the defaults; null when help was asked for. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name == null || !DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("Unknown option '" + arg + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + arg + " needs a value");
            }
            options.put(name, args[++i]);
        }
        for (String name : DEFAULTS.keySet()) {
            if (!name.equals("api-key")) {
                number(options, name);
            }
        }
        return options;
    }

    private static int number(Map<String, String> options, String name) {
        String value = options.get(name);
        try {
            int number = Integer.parseInt(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid --" + name + " '" + value + "': a whole number of 0 or more");
        }
    }

    private static String usage() {
        StringBuilder usage = new StringBuilder("Usage: java -jar camel-eusate-simulator-<version>-runnable.jar");
        DEFAULTS.forEach((name, value) -> usage.append(" [--").append(name).append(' ').append(value).append(']'));
        return usage.append("\n  latency and activity-period in milliseconds; activity-period 0 keeps the data still")
                .toString();
    }
}
