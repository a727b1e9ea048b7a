package io.github.cameleusate.app;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.github.cameleusate.support.Http.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A consumer whose API key the API rejects makes the application not ready; it stays alive. */
@QuarkusTest
@TestProfile(RejectedKeyHealthTest.RejectedKeyRoute.class)
class RejectedKeyHealthTest {

    private static final String REJECTED_KEY = "rejected-key-0b4d71";

    public static class RejectedKeyRoute implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camel.main.routes-include-pattern", "file:{{eusate.routes.dir}}/*.yaml,classpath:health/rejected-key.yaml");
        }
    }

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @TestHTTPResource("/q/health/live")
    URI live;

    @Test
    void readinessIsDownWithTheHttpCodeAndTheKeyMasked() throws Exception {
        // the other consumers are UP after their first poll; then the DOWN consumers check shows this one's details,
        // with the HTTP code once its first poll failed (until then it is DOWN for not having polled yet)
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String body = get(ready).body();
            return body.contains("\"consumer:rejected-key\"") && body.contains("\"http.response.code\"");
        });

        var response = get(ready);
        String body = response.body();
        assertEquals(503, response.statusCode(), body);
        assertTrue(body.contains("\"http.response.code\": \"401\""), body);
        assertFalse(body.contains(REJECTED_KEY), "the key in the endpoint URI is masked: " + body);
        assertTrue(body.contains("apiKey=xxxxxx"), body);
        assertEquals(200, get(live).statusCode(), "a rejected key is no reason to restart the application");
    }
}
