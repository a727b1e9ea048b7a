package io.github.cameleusate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark ran on, in one line. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return cpuInfo("model name") + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
               + memInfo("MemTotal") / 1024 / 1024 + " GiB RAM; " + System.getProperty("os.name") + " "
               + System.getProperty("os.version") + "; Java " + System.getProperty("java.runtime.version") + " ("
               + System.getProperty("java.vm.vendor") + ")";
    }

    private static String cpuInfo(String key) {
        return field(Path.of("/proc/cpuinfo"), key).orElse("unknown CPU");
    }

    private static long memInfo(String key) {
        return field(Path.of("/proc/meminfo"), key).map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(0L);
    }

    private static java.util.Optional<String> field(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
