package io.github.cameleusate.component;

import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The readiness of an eusate consumer: Camel's check of a scheduled poll consumer (DOWN after a failed poll, with the
 * HTTP code of the API's answer), plus the sessions and conversations it backs off on their own. Readiness only: a
 * rejected key is no reason to restart the process.
 * <p>
 * Where another consumer wraps it (Camel's {@code master:}), Camel's consumer check of the route sees only the wrapper,
 * so while it runs (on the leader) the consumer registers this check itself, as {@code eusate:<route id>}; it is UP
 * until the first poll ended, so a new leader is not taken out while it catches up.
 */
final class EusateConsumerHealthCheck implements HealthCheck {

    /** How many backed-off items the check names. */
    private static final int NAMED = 10;

    private final EusatePollingConsumer consumer;
    private final HealthCheck polls;
    private final String id;
    private final boolean wrapped;
    private boolean enabled = true;

    EusateConsumerHealthCheck(EusatePollingConsumer consumer, HealthCheck polls, String id, boolean wrapped) {
        this.consumer = consumer;
        this.polls = polls;
        this.id = id;
        this.wrapped = wrapped;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        if (wrapped && !consumer.isFirstPollDone()) {
            builder.up().message("Leading " + consumer.name() + "; its first poll is running");
        } else {
            Result result = polls.call(options);
            builder.state(result.getState()).details(result.getDetails());
            result.getMessage().ifPresent(builder::message);
            result.getError().ifPresent(builder::error);
        }
        int backedOff = consumer.getBackoff().size();
        if (backedOff > 0) {
            builder.detail("eusate.backed.off", backedOff);
            builder.detail("eusate.backed.off.items", String.join("; ", consumer.getBackoff().items(NAMED))
                                                       + (backedOff > NAMED ? "; ..." : ""));
        }
        return builder.build();
    }
}
