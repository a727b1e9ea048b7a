package io.github.cameleusate.component;

import java.util.Collection;

/**
 * Where a consumer takes the sessions it polls from, asked at the start of every poll, so that sessions come from
 * anywhere (a database table, a file, a service) and change without a restart. Bind one in the registry and refer to
 * it with the consumer option {@code sessionSource=#name}; its sessions are polled together with those of
 * {@code sessionIds} and {@code sessionId}. Thousands of sessions belong here rather than in an endpoint URI.
 */
@FunctionalInterface
public interface EusateSessionSource {

    /** The sessions to poll now; called on the polling thread. */
    Collection<String> sessionIds();
}
