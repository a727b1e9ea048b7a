package io.github.cameleusate.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import io.smallrye.health.api.HealthContentFilter;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What /q/health shows of a failing check. Camel adds the error's stack trace and message to the check's data; where
 * {@code eusate.health.stack-traces} is false (production) the stack trace is left out, and so is the message of an
 * error the API answered (it quotes the API's error body, which can hold customer text). The rest stays: each check's
 * name, UP or DOWN, its own message, and the API's HTTP code.
 */
@ApplicationScoped
public class HealthDetails implements HealthContentFilter {

    private static final String STACK_TRACE = "error.stacktrace";
    private static final String ERROR_MESSAGE = "error.message";
    private static final String HTTP_CODE = "http.response.code";

    private final boolean stackTraces;

    public HealthDetails(@ConfigProperty(name = "eusate.health.stack-traces") boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    public JsonObject filter(JsonObject payload) {
        if (stackTraces || !payload.containsKey("checks")) {
            return payload;
        }
        JsonArrayBuilder checks = Json.createArrayBuilder();
        for (JsonValue check : payload.getJsonArray("checks")) {
            checks.add(withoutStackTrace(check.asJsonObject()));
        }
        return Json.createObjectBuilder(payload).add("checks", checks).build();
    }

    private static JsonObject withoutStackTrace(JsonObject check) {
        JsonObject data = check.getJsonObject("data");
        boolean apiText = data != null && data.containsKey(HTTP_CODE) && data.containsKey(ERROR_MESSAGE);
        if (data == null || !data.containsKey(STACK_TRACE) && !apiText) {
            return check;
        }
        JsonObjectBuilder trimmed = Json.createObjectBuilder(data).remove(STACK_TRACE);
        if (apiText) {
            trimmed.remove(ERROR_MESSAGE);
        }
        return Json.createObjectBuilder(check).add("data", trimmed).build();
    }
}
