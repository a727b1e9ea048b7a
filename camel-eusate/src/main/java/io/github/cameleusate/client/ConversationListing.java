package io.github.cameleusate.client;

import java.util.List;

import io.github.cameleusate.model.Conversation;

/**
 * A session's conversations as one walk of its list returned them, each id once. A paginated list whose items shifted
 * while its pages were read (its {@code count} changed, an id came twice, or fewer ids came than it counted) is not
 * complete: what it lacks says nothing about a conversation being gone.
 *
 * @param incompleteBecause why the walk may have missed a conversation; null when it is complete
 */
public record ConversationListing(List<Conversation> conversations, String incompleteBecause) {

    public ConversationListing {
        conversations = List.copyOf(conversations);
    }

    public boolean isComplete() {
        return incompleteBecause == null;
    }
}
