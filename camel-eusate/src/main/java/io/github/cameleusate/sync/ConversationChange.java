package io.github.cameleusate.sync;

import io.github.cameleusate.model.Conversation;

/**
 * A change to deliver: the conversation as it is now (or, for {@link ChangeType#REMOVED}, as last delivered) and the
 * snapshot to commit once delivered ({@code null} for a removal).
 */
public record ConversationChange(ChangeType type, Conversation conversation, String snapshot) {
}
