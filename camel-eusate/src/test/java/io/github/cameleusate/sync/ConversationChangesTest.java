package io.github.cameleusate.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.model.Conversation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConversationChangesTest {

    @Test
    void newChangedAndMissingConversationsAreCreatedUpdatedAndRemoved() {
        Map<String, String> delivered = new LinkedHashMap<>();
        delivered.put("same", ConversationChanges.snapshot(conversation("same", false)));
        delivered.put("closing", ConversationChanges.snapshot(conversation("closing", false)));
        delivered.put("gone", ConversationChanges.snapshot(conversation("gone", false)));

        List<ConversationChange> changes = ConversationChanges.detect("s-1",
                List.of(conversation("same", false), conversation("closing", true), conversation("new", false)),
                delivered);

        assertEquals(List.of("UPDATED closing", "CREATED new", "REMOVED gone"),
                changes.stream().map(c -> c.type() + " " + c.conversation().getId()).toList());
        assertEquals(ConversationChanges.snapshot(conversation("closing", true)), changes.get(0).snapshot());
        Conversation removed = changes.get(2).conversation();
        assertEquals(false, removed.getClosed(), "a removal carries the last delivered version");
        assertEquals("s-1", removed.getSessionId());
        assertNull(changes.get(2).snapshot());
    }

    @Test
    void aFieldThisVersionDoesNotKnowIsAChangeToo() {
        Conversation before = conversation("a", false);
        Conversation after = conversation("a", false);
        after.setUnknownField("priority", "high");

        List<ConversationChange> changes = ConversationChanges.detect("s-1", List.of(after),
                Map.of("a", ConversationChanges.snapshot(before)));

        assertEquals(List.of(ChangeType.UPDATED), changes.stream().map(ConversationChange::type).toList());
    }

    @Test
    void nothingChangedIsNoChange() {
        assertEquals(List.of(), ConversationChanges.detect("s-1", List.of(conversation("a", false)),
                Map.of("a", ConversationChanges.snapshot(conversation("a", false)))));
    }

    private static Conversation conversation(String id, boolean closed) {
        Conversation c = new Conversation();
        c.setId(id);
        c.setClosed(closed);
        return c;
    }
}
