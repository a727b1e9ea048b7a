package io.github.cameleusate.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.cameleusate.client.EusateJson;
import io.github.cameleusate.model.Conversation;

/**
 * Compares a session's conversation list with the snapshots last delivered, as plain data: no HTTP, no Camel.
 * Snapshots are the conversations' JSON, so any field that changes, known to this version or not, is a change.
 */
public final class ConversationChanges {

    private ConversationChanges() {
    }

    /**
     * @param sessionId the session listed
     * @param listed    its conversations as listed now
     * @param delivered the last delivered snapshot of each conversation of the session not known to be removed, by id
     * @return          created and updated conversations in list order, then removed ones in the order of
     *                  {@code delivered}
     */
    public static List<ConversationChange> detect(String sessionId, List<Conversation> listed,
                                                  Map<String, String> delivered) {
        List<ConversationChange> changes = new ArrayList<>();
        Set<String> listedIds = new HashSet<>();
        for (Conversation conversation : listed) {
            listedIds.add(conversation.getId());
            String now = snapshot(conversation);
            String before = delivered.get(conversation.getId());
            if (before == null) {
                changes.add(new ConversationChange(ChangeType.CREATED, conversation, now));
            } else if (!before.equals(now)) {
                changes.add(new ConversationChange(ChangeType.UPDATED, conversation, now));
            }
        }
        delivered.forEach((id, before) -> {
            if (!listedIds.contains(id)) {
                changes.add(new ConversationChange(ChangeType.REMOVED, fromSnapshot(sessionId, before), null));
            }
        });
        return changes;
    }

    /** What is kept of a delivered conversation: its JSON, unknown fields included. */
    public static String snapshot(Conversation conversation) {
        return EusateJson.write(conversation);
    }

    private static Conversation fromSnapshot(String sessionId, String json) {
        try {
            Conversation conversation = EusateJson.mapper().readValue(json, Conversation.class);
            conversation.setSessionId(sessionId);
            return conversation;
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable conversation snapshot in the eusate state of session " + sessionId
                                           + ": " + json, e);
        }
    }
}
