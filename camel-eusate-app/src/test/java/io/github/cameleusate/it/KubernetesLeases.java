package io.github.cameleusate.it;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * An in-process Kubernetes API server (fabric8's mock server in CRUD mode, plain HTTP on loopback) holding the Lease
 * objects Camel's Kubernetes cluster service elects leaders with, and one running, ready Pod per instance of the
 * application (the cluster's members), as the kubelet would report them. Timings as Camel's own tests use: lease 2 s,
 * renew deadline 1 s, retry 200 ms.
 */
final class KubernetesLeases implements AutoCloseable {

    static final String NAMESPACE = "eusate";

    private final KubernetesMockServer server;

    private KubernetesLeases(KubernetesMockServer server) {
        this.server = server;
    }

    static KubernetesLeases start(int pods) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = server.createClient()) {
            for (int i = 0; i < pods; i++) {
                client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                        .withNewMetadata().withName(podName(i)).addToLabels("app", "camel-eusate").endMetadata()
                        .withNewStatus().withPhase("Running")
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .endStatus().build()).create();
            }
        }
        return new KubernetesLeases(server);
    }

    /**
     * Reports pod i ready or not, as the kubelet does from its readiness probe: a paused process fails its probe and
     * leaves the election; only ready pods are members of the cluster.
     */
    void setReady(int i, boolean ready) {
        try (KubernetesClient client = server.createClient()) {
            client.pods().inNamespace(NAMESPACE).withName(podName(i)).edit(pod -> new PodBuilder(pod)
                    .editStatus().withConditions().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                    .endCondition().endStatus().build());
        }
    }

    static String podName(int i) {
        return "camel-eusate-" + i;
    }

    /** The environment of instance i: this API server, its pod's name, the short timings. */
    Map<String, String> environment(int i) {
        Map<String, String> env = new HashMap<>();
        env.put("EUSATE_CLUSTER", "kubernetes");
        env.put("EUSATE_KUBERNETES_MASTER_URL", server.url("/"));
        env.put("KUBERNETES_NAMESPACE", NAMESPACE);
        env.put("POD_NAME", podName(i));
        env.put("EUSATE_LEASE_DURATION", "2000");
        env.put("EUSATE_RENEW_DEADLINE", "1000");
        env.put("EUSATE_RETRY_PERIOD", "200");
        env.put("EUSATE_REBALANCING_PERIOD", "1000");
        return env;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
