package io.github.cameleusate.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one session as a poll plans it: what was read of it at once ({@link SyncState#session}), and the writes
 * its plan makes, kept until {@link #flush()} stores them in one write. Used by one thread at a time.
 */
public final class SessionEntries {

    private final SyncState state;
    private final String sessionId;
    /** What was read of the session, by key; null for a key read and absent. */
    private final Map<String, String> read;
    private final Map<String, String> writes = new LinkedHashMap<>();
    private SessionIndex index;

    SessionEntries(SyncState state, String sessionId, Map<String, String> read) {
        this.state = state;
        this.sessionId = sessionId;
        this.read = read;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Whether the session has been polled once. */
    public boolean isStarted() {
        return read.get(state.startedKey(sessionId)) != null;
    }

    public void markStarted() {
        writes.put(state.startedKey(sessionId), "true");
    }

    /** The session's index, as stored; changes to it are stored by {@link #putIndex()}. */
    public SessionIndex index() {
        if (index == null) {
            index = SessionIndex.decode(read.get(state.indexKey(sessionId)));
        }
        return index;
    }

    public void putIndex() {
        writes.put(state.indexKey(sessionId), index().encode());
    }

    public String key(String conversationId) {
        return state.conversationKey(sessionId, conversationId);
    }

    /** The stored entry of a conversation read with the session, or null. */
    public String conversation(String conversationId) {
        return read.get(key(conversationId));
    }

    /** The stored entries of the given conversations, by id; those not read with the session are read now, at once. */
    public Map<String, String> conversations(Collection<String> conversationIds) {
        List<String> unread = new ArrayList<>();
        for (String id : conversationIds) {
            if (!read.containsKey(key(id))) {
                unread.add(key(id));
            }
        }
        if (!unread.isEmpty()) {
            Map<String, String> found = state.read(unread);
            unread.forEach(key -> read.put(key, found.get(key)));
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String id : conversationIds) {
            String entry = read.get(key(id));
            if (entry != null) {
                entries.put(id, entry);
            }
        }
        return entries;
    }

    public void putConversation(String conversationId, String entry) {
        writes.put(key(conversationId), entry);
    }

    public void removeConversation(String conversationId) {
        writes.put(key(conversationId), null);
    }

    /**
     * The session is no longer polled: its marker, its index and the entries of the conversations in its index are
     * removed (at the next {@link #flush()}).
     */
    public void forget() {
        for (String id : index().ids()) {
            writes.put(key(id), null);
        }
        writes.put(state.indexKey(sessionId), null);
        writes.put(state.startedKey(sessionId), null);
    }

    /** Stores the writes made so far, in one write with a batch repository. */
    public void flush() {
        if (!writes.isEmpty()) {
            state.write(writes);
            writes.clear();
        }
    }
}
