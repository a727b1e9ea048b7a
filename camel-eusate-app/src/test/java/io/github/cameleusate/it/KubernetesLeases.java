package io.github.cameleusate.it;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.support.Http;

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
    private final List<Thread> probes = new ArrayList<>();

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
     * Probes each instance's /q/health/ready every 500 ms, as the kubelet does (timeout 2 s, not ready after 2 failed
     * probes in a row, ready again after one that passed), and reports its pod ready or not: a paused process, or one
     * whose consumers the API rejects, fails its probe and leaves the election; only ready pods are members.
     */
    void probe(List<ApplicationProcess> apps) {
        List<URI> readiness = apps.stream().map(app -> app.httpUrl().resolve("/q/health/ready")).toList();
        Thread prober = new Thread(() -> {
            int[] failed = new int[apps.size()];
            boolean[] ready = new boolean[apps.size()];
            Arrays.fill(ready, true);
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < apps.size(); i++) {
                    boolean passed;
                    try {
                        passed = Http.get(readiness.get(i), Duration.ofSeconds(2)).statusCode() == 200;
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        passed = false;
                    }
                    failed[i] = passed ? 0 : failed[i] + 1;
                    boolean nowReady = passed || ready[i] && failed[i] < 2;
                    if (nowReady != ready[i]) {
                        ready[i] = nowReady;
                        setReady(i, nowReady);
                    }
                }
                try {
                    Thread.sleep(500); // the probe period
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "readiness-probes");
        prober.setDaemon(true);
        prober.start();
        probes.add(prober);
    }

    /** Reports pod i ready or not, as the kubelet does from its readiness probe. */
    private void setReady(int i, boolean ready) {
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
        probes.forEach(Thread::interrupt);
        server.destroy();
    }
}
