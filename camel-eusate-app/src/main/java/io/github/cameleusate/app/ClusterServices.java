package io.github.cameleusate.app;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.master.MasterComponent;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.support.cluster.RebalancingCamelClusterService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The cluster service the shards' master: endpoints elect their leaders on, registered on the CamelContext before the
 * shards' routes are added (eusate.cluster):
 * <ul>
 * <li>{@code file}: Camel's file cluster service, a lock file per shard in a directory every instance shares
 * ({@code eusate.cluster.file.*}); the first instance to start leads every shard, another takes over when it dies.</li>
 * <li>{@code kubernetes}: Camel's Kubernetes cluster service (a Lease per shard, held by one pod and renewed) wrapped in
 * Camel's rebalancing service, so the shards spread evenly over the pods ({@code eusate.cluster.kubernetes.*}). The
 * pods that take part are the running, ready pods with the cluster labels. (camel-quarkus-kubernetes-cluster-service,
 * which would register it from configuration, is not available here.)</li>
 * </ul>
 */
@Singleton
public class ClusterServices {

    private final ClusterMode cluster;
    private final FileSettings file;
    private final Settings settings;

    /** The file cluster service's directory and how often a follower tries for a free lock, in ms. */
    record FileSettings(String root, long acquireLockDelayMillis, long acquireLockIntervalMillis) {
    }

    /** What the Kubernetes cluster service needs, from eusate.cluster.kubernetes.* (see application.properties). */
    record Settings(Optional<String> masterUrl, String namespace, String podName, String labels, long leaseDurationMillis,
                    long renewDeadlineMillis, long retryPeriodMillis, long rebalancingPeriodMillis) {
    }

    private final long backOffDelay;

    public ClusterServices(ApplicationSettings application,
                           @ConfigProperty(name = "eusate.cluster.back-off-delay") long backOffDelay,
                           @ConfigProperty(name = "eusate.cluster.file.root") String fileRoot,
                           @ConfigProperty(name = "eusate.cluster.file.acquire-lock-delay") long acquireLockDelay,
                           @ConfigProperty(name = "eusate.cluster.file.acquire-lock-interval") long acquireLockInterval,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.master-url") Optional<String> masterUrl,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.namespace") String namespace,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.pod-name") Optional<String> podName,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.labels") String labels,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.lease-duration") long leaseDuration,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.renew-deadline") long renewDeadline,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.retry-period") long retryPeriod,
                           @ConfigProperty(name = "eusate.cluster.kubernetes.rebalancing-period") long rebalancingPeriod) {
        this.cluster = application.cluster();
        this.backOffDelay = backOffDelay;
        this.file = new FileSettings(fileRoot, acquireLockDelay, acquireLockInterval);
        this.settings = new Settings(masterUrl, namespace, podName.orElse(null), labels, leaseDuration, renewDeadline,
                retryPeriod, rebalancingPeriod);
    }

    /**
     * Registers (and so starts) the cluster service eusate.cluster names, and sets up the master: component on it;
     * nothing for none.
     */
    public void register(CamelContext context) {
        if (cluster == ClusterMode.none) {
            return;
        }
        try {
            context.addService(cluster == ClusterMode.file ? fileService() : kubernetesService(context));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the " + cluster + " cluster service: " + e.getMessage(), e);
        }
        context.getComponent("master", MasterComponent.class).setBackOffDelay(backOffDelay);
    }

    private FileLockClusterService fileService() {
        FileLockClusterService service = new FileLockClusterService();
        service.setRoot(file.root());
        service.setAcquireLockDelay(file.acquireLockDelayMillis(), TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(file.acquireLockIntervalMillis(), TimeUnit.MILLISECONDS);
        return service;
    }

    private RebalancingCamelClusterService kubernetesService(CamelContext context) {
        if (settings.podName() == null || settings.podName().isBlank()) {
            throw new IllegalArgumentException("No pod name for the Kubernetes cluster: set eusate.cluster.kubernetes.pod-name"
                                               + " (POD_NAME, from the downward API's metadata.name)");
        }
        KubernetesConfiguration configuration = new KubernetesConfiguration();
        settings.masterUrl().ifPresent(configuration::setMasterUrl);
        KubernetesClusterService kubernetes = new KubernetesClusterService(configuration);
        kubernetes.setKubernetesNamespace(settings.namespace());
        kubernetes.setPodName(settings.podName());
        kubernetes.setClusterLabels(labels(settings.labels()));
        kubernetes.setLeaseResourceType(LeaseResourceType.Lease);
        kubernetes.setLeaseDurationMillis(settings.leaseDurationMillis());
        kubernetes.setRenewDeadlineMillis(settings.renewDeadlineMillis());
        kubernetes.setRetryPeriodMillis(settings.retryPeriodMillis());
        return new RebalancingCamelClusterService(context, kubernetes, settings.rebalancingPeriodMillis());
    }

    /** "app=camel-eusate,tier=sync" as a map. */
    static Map<String, String> labels(String labels) {
        return Arrays.stream(labels.split(",")).map(String::trim).filter(l -> !l.isEmpty()).map(l -> {
            int eq = l.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("Invalid eusate.cluster.kubernetes.labels '" + labels
                                                   + "': use name=value pairs separated by commas");
            }
            return new String[] { l.substring(0, eq).trim(), l.substring(eq + 1).trim() };
        }).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }
}
