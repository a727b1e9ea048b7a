package io.github.cameleusate.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.client.EusatePaths;
import io.github.cameleusate.component.BatchStateRepository;
import org.apache.camel.spi.StateRepository;

/**
 * The consumers' state in a Camel {@link StateRepository}: one entry per conversation, one index of the conversations
 * of each session (so a removal is noticed after a restart, and a removed conversation's entry can be dropped), and one
 * marker per session that has been polled once. Keys hold the ids percent-encoded, so they contain neither '=' nor line
 * breaks; an empty value is an absent entry. Nothing is cached: what a poll needs of a session is read when it plans
 * that session, in one read where the repository is a {@link BatchStateRepository}.
 */
public final class SyncState {

    private final StateRepository<String, String> repository;
    private final BatchStateRepository batch;
    private final String prefix;

    /** @param prefix the consumer's namespace in a repository shared with others, such as "messages" */
    public SyncState(StateRepository<String, String> repository, String prefix) {
        this.repository = repository;
        this.batch = repository instanceof BatchStateRepository b ? b : null;
        this.prefix = prefix;
    }

    public String conversationKey(String sessionId, String conversationId) {
        return prefix + "/" + EusatePaths.segment("sessionId", sessionId) + "/"
               + EusatePaths.segment("conversationId", conversationId);
    }

    String startedKey(String sessionId) {
        return prefix + "-started/" + EusatePaths.segment("sessionId", sessionId);
    }

    String indexKey(String sessionId) {
        return prefix + "-index/" + EusatePaths.segment("sessionId", sessionId);
    }

    /** The stored value, or null when there is none. */
    public String get(String key) {
        return present(repository.getState(key));
    }

    /** Stores a value; null removes the entry. */
    public void put(String key, String value) {
        if (value == null && batch != null) {
            Map<String, String> removed = new HashMap<>(1);
            removed.put(key, null);
            batch.setStates(removed);
        } else {
            repository.setState(key, value == null ? "" : value);
        }
    }

    /** Stores a session's index (a lane's, after the poll planned the session). */
    public void putIndex(String sessionId, SessionIndex index) {
        put(indexKey(sessionId), index.encode());
    }

    /** The entries of those of the keys that have one; one read with a batch repository. */
    Map<String, String> read(Collection<String> keys) {
        Map<String, String> values = new HashMap<>();
        if (batch != null) {
            batch.getStates(keys).forEach((key, value) -> {
                if (present(value) != null) {
                    values.put(key, value);
                }
            });
        } else {
            for (String key : keys) {
                String value = get(key);
                if (value != null) {
                    values.put(key, value);
                }
            }
        }
        return values;
    }

    /** Stores every entry, a null value removing its key; one write with a batch repository. */
    void write(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        if (batch != null) {
            batch.setStates(entries);
        } else {
            entries.forEach((key, value) -> repository.setState(key, value == null ? "" : value));
        }
    }

    /**
     * What the state holds of a session for one poll: its marker, its index and the entries of the given conversations
     * (those it lists now), read at once.
     */
    public SessionEntries session(String sessionId, Collection<String> conversationIds) {
        List<String> keys = new ArrayList<>(conversationIds.size() + 2);
        keys.add(startedKey(sessionId));
        keys.add(indexKey(sessionId));
        conversationIds.forEach(id -> keys.add(conversationKey(sessionId, id)));
        Map<String, String> found = read(keys);
        Map<String, String> read = new HashMap<>(keys.size() * 2);
        keys.forEach(key -> read.put(key, found.get(key)));
        return new SessionEntries(this, sessionId, read);
    }

    private static String present(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
