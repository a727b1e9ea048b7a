package io.github.cameleusate.app;

import io.quarkus.arc.Unremovable;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.spi.OnCamelContextStarted;
import org.eclipse.microprofile.health.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route template in routes/ is the consumer route of one shard: once Camel started (and the cluster service is
 * registered), each is made into one route per shard ({@code eusate.shards}), named {@code <template>-<shard>}, its consumer wrapped in Camel's master: endpoint
 * when a cluster service elects one instance per shard ({@code eusate.cluster}). The template's parameters are
 * {@code shard} and {@code eusate}, the scheme its consumer URI starts with.
 */
@Singleton
@Unremovable
@Named("eusateShardedRoutes")
public class ShardedRoutes implements OnCamelContextStarted {

    private static final Logger LOG = LoggerFactory.getLogger(ShardedRoutes.class);

    private final int shards;
    private final ClusterMode cluster;
    private final ClusterServices clusterServices;
    private final ShardLeadership leadership;

    public ShardedRoutes(ApplicationSettings settings, ClusterServices clusterServices,
                         @Readiness ShardLeadership leadership) {
        this.shards = settings.shards();
        this.cluster = settings.cluster();
        this.clusterServices = clusterServices;
        this.leadership = leadership;
    }

    @Override
    public void onContextStarted(CamelContext context) {
        clusterServices.register(context);
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        // shard by shard: a shard's master: view elects a leader a second after its first route is added, and a route
        // added to a view that is telling its listeners of a new leader waits until master: has started them all
        for (int shard = 0; shard < shards; shard++) {
            for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
                TemplatedRouteBuilder.builder(context, template.getId())
                        .routeId(template.getId() + "-" + shard)
                        .parameter("shard", Integer.toString(shard))
                        .parameter("eusate", cluster.consumer(shard))
                        .add();
            }
        }
        LOG.info("{} route template(s) in {} shard(s), cluster {}", model.getRouteTemplateDefinitions().size(), shards,
                cluster);
        leadership.follow(context, shards, cluster);
    }
}
