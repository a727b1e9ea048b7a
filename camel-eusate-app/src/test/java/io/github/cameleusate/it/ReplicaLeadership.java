package io.github.cameleusate.it;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.github.cameleusate.support.Prometheus;
import org.awaitility.Awaitility;

/** Which instance leads which shard, as each says at /q/metrics ({@code eusate_shard_leader{shard}}). */
final class ReplicaLeadership {

    private ReplicaLeadership() {
    }

    /** Waits until every shard is led by exactly one of these instances; returns the shards of each. */
    static Map<ApplicationProcess, Set<Integer>> awaitEachShardLedOnce(List<ApplicationProcess> apps, int shards) {
        Map<ApplicationProcess, Set<Integer>>[] last = new Map[1];
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                last[0] = leading(apps, shards);
                int[] leaders = new int[shards];
                last[0].values().forEach(set -> set.forEach(shard -> leaders[shard]++));
                for (int count : leaders) {
                    if (count != 1) {
                        return false;
                    }
                }
                return true;
            });
        } catch (RuntimeException e) {
            throw new AssertionError("The shards are not led by exactly one instance each: " + describe(last[0]), e);
        }
        return last[0];
    }

    static ApplicationProcess leadingMost(Map<ApplicationProcess, Set<Integer>> leading) {
        return leading.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow().getKey();
    }

    private static Map<ApplicationProcess, Set<Integer>> leading(List<ApplicationProcess> apps, int shards) throws Exception {
        Map<ApplicationProcess, Set<Integer>> leading = new HashMap<>();
        for (ApplicationProcess app : apps) {
            Prometheus metrics = Prometheus.scrape(app.httpUrl().resolve("/q/metrics"));
            Set<Integer> led = new TreeSet<>();
            for (int shard = 0; shard < shards; shard++) {
                if (metrics.sum("eusate_shard_leader", Map.of("shard", Integer.toString(shard))) == 1.0) {
                    led.add(shard);
                }
            }
            leading.put(app, led);
        }
        return leading;
    }

    private static String describe(Map<ApplicationProcess, Set<Integer>> leading) {
        if (leading == null) {
            return "(no answer)";
        }
        StringBuilder text = new StringBuilder();
        leading.forEach((app, shards) -> text.append("pid ").append(app.pid()).append(": ").append(shards).append("; "));
        return text.toString();
    }
}
