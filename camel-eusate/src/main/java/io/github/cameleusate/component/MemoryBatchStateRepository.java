package io.github.cameleusate.component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state of a consumer given no stateRepository: in memory, lost when the application stops. Unlike Camel's
 * {@code MemoryStateRepository} it removes the entries the consumer no longer needs, so it holds only those of the
 * conversations and sessions still polled.
 */
public class MemoryBatchStateRepository implements BatchStateRepository {

    private final Map<String, String> entries = new ConcurrentHashMap<>();

    @Override
    public String getState(String key) {
        return entries.get(key);
    }

    @Override
    public void setState(String key, String value) {
        if (value == null || value.isEmpty()) {
            entries.remove(key);
        } else {
            entries.put(key, value);
        }
    }

    @Override
    public Map<String, String> getStates(Collection<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = entries.get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    @Override
    public void setStates(Map<String, String> changes) {
        changes.forEach(this::setState);
    }

    /** How many entries it holds. */
    public int size() {
        return entries.size();
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public String toString() {
        return "MemoryBatchStateRepository[" + entries.size() + " entries]";
    }
}
