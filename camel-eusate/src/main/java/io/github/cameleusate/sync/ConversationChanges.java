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

    /** What a listing calls for: the changes to deliver, and whether the session's index changed (its absences). */
    public record Detected(List<ConversationChange> changes, boolean indexChanged) {
    }

    /**
     * A conversation is {@link ChangeType#REMOVED} only once it was missing from {@code removalConfirmations} complete
     * listings in a row: an API that answers one empty or shifted list by mistake removes nothing. An incomplete listing
     * counts no conversation as missing; a listed one starts counting again from zero.
     *
     * @param sessionId            the session listed
     * @param listed               its conversations as listed now, each id once
     * @param complete             whether the listing is known to hold every conversation of the session
     * @param delivered            the last delivered snapshot of each conversation of the session not known to be
     *                             removed, by id
     * @param index                the session's index, whose absences this updates
     * @param removalConfirmations how many complete listings in a row a conversation must be missing from, 1 or more
     * @return created and updated conversations in list order, then removed ones in the order of {@code delivered}
     */
    public static Detected detect(String sessionId, List<Conversation> listed, boolean complete,
                                  Map<String, String> delivered, SessionIndex index, int removalConfirmations) {
        List<ConversationChange> changes = new ArrayList<>();
        Set<String> listedIds = new HashSet<>();
        boolean indexChanged = false;
        for (Conversation conversation : listed) {
            listedIds.add(conversation.getId());
            indexChanged |= index.listed(conversation.getId());
            String now = snapshot(conversation);
            String before = delivered.get(conversation.getId());
            if (before == null) {
                changes.add(new ConversationChange(ChangeType.CREATED, conversation, now));
            } else if (!before.equals(now)) {
                changes.add(new ConversationChange(ChangeType.UPDATED, conversation, now));
            }
        }
        if (complete) {
            for (Map.Entry<String, String> entry : delivered.entrySet()) {
                if (!listedIds.contains(entry.getKey())) {
                    indexChanged = true;
                    if (index.missing(entry.getKey()) >= removalConfirmations) {
                        changes.add(new ConversationChange(ChangeType.REMOVED, fromSnapshot(sessionId, entry.getValue()),
                                null));
                    }
                }
            }
        }
        return new Detected(changes, indexChanged);
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
