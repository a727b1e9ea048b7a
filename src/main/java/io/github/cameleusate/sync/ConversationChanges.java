package io.github.cameleusate.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.cameleusate.model.Conversation;

/**
 * Compares a session's conversation list with the snapshots last delivered, as plain data: no HTTP, no Camel.
 * Snapshots are the conversations' JSON, so any field that changes, known to this version or not, is a change.
 */
public final class ConversationChanges {

    private ConversationChanges() {
    }

    /**
     * @param listed    the session's conversations as listed now
     * @param known     the ids delivered before and still current (not removed)
     * @param snapshots the last delivered snapshot of a conversation id, or null
     * @param toJson    a conversation's snapshot
     * @param fromJson  a conversation from its snapshot
     * @return          created and updated conversations in list order, then removed ones
     */
    public static List<ConversationChange> detect(List<Conversation> listed, Collection<String> known,
                                                  Function<String, String> snapshots, Function<Conversation, String> toJson,
                                                  Function<String, Conversation> fromJson) {
        List<ConversationChange> changes = new ArrayList<>();
        Set<String> listedIds = new HashSet<>();
        for (Conversation conversation : listed) {
            listedIds.add(conversation.getId());
            String now = toJson.apply(conversation);
            String before = snapshots.apply(conversation.getId());
            if (before == null) {
                changes.add(new ConversationChange(ChangeType.CREATED, conversation, now));
            } else if (!before.equals(now)) {
                changes.add(new ConversationChange(ChangeType.UPDATED, conversation, now));
            }
        }
        for (String id : known) {
            String before = snapshots.apply(id);
            if (!listedIds.contains(id) && before != null) {
                changes.add(new ConversationChange(ChangeType.REMOVED, fromJson.apply(before), null));
            }
        }
        return changes;
    }

    /** Convenience for tests and callers holding the snapshots in a map. */
    public static List<ConversationChange> detect(List<Conversation> listed, Map<String, String> snapshots,
                                                  Function<Conversation, String> toJson,
                                                  Function<String, Conversation> fromJson) {
        return detect(listed, snapshots.keySet(), snapshots::get, toJson, fromJson);
    }
}
