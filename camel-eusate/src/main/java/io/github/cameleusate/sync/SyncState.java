package io.github.cameleusate.sync;

import io.github.cameleusate.client.EusatePaths;
import org.apache.camel.spi.StateRepository;

/**
 * The consumers' state in a Camel {@link StateRepository}: one entry per conversation, one index of the conversations
 * of each session (so a removal is noticed after a restart), and one marker per session that has been polled once.
 * Keys hold the ids percent-encoded, so they contain neither '=' nor line breaks; an empty value is an absent entry.
 */
public final class SyncState {

    private final StateRepository<String, String> repository;
    private final String prefix;

    /** @param prefix the consumer's namespace in a repository shared with others, such as "messages" */
    public SyncState(StateRepository<String, String> repository, String prefix) {
        this.repository = repository;
        this.prefix = prefix;
    }

    public String conversationKey(String sessionId, String conversationId) {
        return prefix + "/" + EusatePaths.segment("sessionId", sessionId) + "/"
               + EusatePaths.segment("conversationId", conversationId);
    }

    /** The stored value, or null when there is none. */
    public String get(String key) {
        String value = repository.getState(key);
        return value == null || value.isEmpty() ? null : value;
    }

    public void put(String key, String value) {
        repository.setState(key, value == null ? "" : value);
    }

    public boolean isStarted(String sessionId) {
        return get(prefix + "-started/" + EusatePaths.segment("sessionId", sessionId)) != null;
    }

    public void markStarted(String sessionId) {
        put(prefix + "-started/" + EusatePaths.segment("sessionId", sessionId), "true");
    }

    /** The conversations of a session delivered and not reported removed. */
    public SessionIndex index(String sessionId) {
        return SessionIndex.decode(get(indexKey(sessionId)));
    }

    public void putIndex(String sessionId, SessionIndex index) {
        put(indexKey(sessionId), index.encode());
    }

    private String indexKey(String sessionId) {
        return prefix + "-index/" + EusatePaths.segment("sessionId", sessionId);
    }
}
