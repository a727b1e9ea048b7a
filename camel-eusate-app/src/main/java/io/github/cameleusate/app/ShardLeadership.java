package io.github.cameleusate.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.cluster.ClusterServiceHelper;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which shards this instance leads: the gauge {@code eusate_shard_leader{shard}} (1 or 0), the readiness check
 * {@code eusate-shards} (always UP: leading no shard is no reason to take the instance out), and one INFO line per
 * change of leadership.
 */
@Singleton
@Readiness
public class ShardLeadership implements HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ShardLeadership.class);

    private final MeterRegistry registry;
    private volatile AtomicIntegerArray leading = new AtomicIntegerArray(0);
    private volatile ClusterMode cluster = ClusterMode.none;

    public ShardLeadership(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Follows the leadership of the shards from now on: gauges, and log lines as it changes. */
    void follow(CamelContext context, int shards, ClusterMode cluster) {
        this.leading = new AtomicIntegerArray(shards);
        this.cluster = cluster;
        for (int shard = 0; shard < shards; shard++) {
            int index = shard;
            Gauge.builder("eusate.shard.leader", leading, l -> l.get(index))
                    .description("1 where this instance leads the shard (its routes poll here), else 0")
                    .tag("shard", Integer.toString(shard))
                    .register(registry);
        }
        if (cluster == ClusterMode.none) {
            IntStream.range(0, shards).forEach(shard -> leading.set(shard, 1));
            LOG.info("No cluster (eusate.cluster=none): this instance polls all {} shard(s)", shards);
            return;
        }
        List<CamelClusterView> views = new ArrayList<>();
        try {
            CamelClusterService service = ClusterServiceHelper.mandatoryLookupService(context);
            for (int shard = 0; shard < shards; shard++) {
                views.add(service.getView(ClusterMode.namespace(shard)));
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot follow the leadership of the shards (eusate.cluster="
                                            + cluster + "): " + e.getMessage(), e);
        }
        // Not on the starting thread: a view holds the lock that adding a listener takes while it tells its listeners
        // of a new leader, and master: starts each of the shard's consumers inside that call (a second or more each),
        // so adding a listener can wait for a whole shard's start.
        ExecutorService registration = context.getExecutorServiceManager().newSingleThreadExecutor(this,
                "ShardLeadership");
        registration.execute(() -> {
            for (int shard = 0; shard < shards; shard++) {
                int index = shard;
                views.get(shard).addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> changed(index,
                        leader != null && leader.isLocal(), leader == null ? null : leader.getId()));
            }
        });
        registration.shutdown();
    }

    private void changed(int shard, boolean local, String leader) {
        int before = leading.getAndSet(shard, local ? 1 : 0);
        if (before == 0 && local) {
            LOG.info("This instance now leads shard {}", shard);
        } else if (before == 1 && !local) {
            LOG.info("This instance no longer leads shard {} (leader: {})", shard, leader == null ? "none" : leader);
        }
    }

    /** The shards this instance leads, as "0,3,5". */
    public String led() {
        return IntStream.range(0, leading.length()).filter(shard -> leading.get(shard) == 1).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("eusate-shards").up()
                .withData("cluster", cluster.name())
                .withData("shards", leading.length())
                .withData("led", led())
                .build();
    }
}
