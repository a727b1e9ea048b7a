package io.github.cameleusate.app;

import java.io.File;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameleusate.simulator.Fault;
import io.github.cameleusate.simulator.FaultTarget;
import io.github.cameleusate.support.Prometheus;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric the Grafana dashboard in docs/ queries is one the application exports at /q/metrics. */
@QuarkusTest
@TestProfile(DashboardTest.OwnApplication.class)
class DashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\beusate_[a-z0-9_]+");

    /** An application of its own: the fault below must not reach the other tests' retry counts. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of();
        }
    }

    @Inject
    EmbeddedSimulator embedded;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        Set<String> queried = new TreeSet<>();
        JsonNode dashboard = new ObjectMapper().readTree(new File(System.getProperty("eusate.dashboard")));
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher names = METRIC.matcher(target.path("expr").asText());
                while (names.find()) {
                    queried.add(names.group());
                }
            }
        }
        assertTrue(queried.size() >= 10, "the dashboard's metrics: " + queried);

        // a rate-limited list makes a retry and a wait for the rate limit, whose meters appear with their first value;
        // the others appear with the consumers' first polls and deliveries
        embedded.simulator().injectFault(Fault.RATE_LIMITED, FaultTarget.LIST, 1);
        Set<String> missing = new TreeSet<>(queried);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                String exported = Prometheus.scrape(metrics).toString();
                missing.removeIf(name -> Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find());
                return missing.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // the assertion below names what is still missing
        }
        assertEquals(Set.of(), missing, "queried by docs/grafana-dashboard.json but not at /q/metrics");
    }
}
