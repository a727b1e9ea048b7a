package io.github.cameleusate.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.model.Conversation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConversationChangesTest {

    @Test
    void newChangedAndMissingConversationsAreCreatedUpdatedAndRemoved() {
        Map<String, String> delivered = new LinkedHashMap<>();
        delivered.put("same", "same|open");
        delivered.put("closing", "closing|open");
        delivered.put("gone", "gone|open");

        List<ConversationChange> changes = ConversationChanges.detect(
                List.of(conversation("same", "open"), conversation("closing", "closed"), conversation("new", "open")),
                delivered, ConversationChangesTest::snapshot, ConversationChangesTest::fromSnapshot);

        assertEquals(List.of("UPDATED closing closing|closed", "CREATED new new|open", "REMOVED gone null"),
                changes.stream().map(c -> c.type() + " " + c.conversation().getId() + " " + c.snapshot()).toList());
        assertEquals("open", changes.get(2).conversation().getResponder(), "a removal carries the last delivered version");
    }

    @Test
    void nothingChangedIsNoChange() {
        assertEquals(List.of(), ConversationChanges.detect(List.of(conversation("a", "open")), Map.of("a", "a|open"),
                ConversationChangesTest::snapshot, ConversationChangesTest::fromSnapshot));
    }

    // a snapshot stands for the conversation's JSON; here "id|state", the state kept in the responder field
    private static String snapshot(Conversation c) {
        return c.getId() + "|" + c.getResponder();
    }

    private static Conversation fromSnapshot(String snapshot) {
        String[] parts = snapshot.split("\\|");
        return conversation(parts[0], parts[1]);
    }

    private static Conversation conversation(String id, String state) {
        Conversation c = new Conversation();
        c.setId(id);
        c.setResponder(state);
        return c;
    }
}
