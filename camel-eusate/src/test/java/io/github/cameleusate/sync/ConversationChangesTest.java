package io.github.cameleusate.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.model.Conversation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class ConversationChangesTest {

    @Test
    void newChangedAndMissingConversationsAreCreatedUpdatedAndRemoved() {
        Map<String, String> delivered = new LinkedHashMap<>();
        delivered.put("same", ConversationChanges.snapshot(conversation("same", false)));
        delivered.put("closing", ConversationChanges.snapshot(conversation("closing", false)));
        delivered.put("gone", ConversationChanges.snapshot(conversation("gone", false)));

        SessionIndex index = SessionIndex.decode("same,closing,gone:1");
        List<ConversationChange> changes = ConversationChanges.detect("s-1",
                List.of(conversation("same", false), conversation("closing", true), conversation("new", false)),
                true, delivered, index, 2).changes();

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

        List<ConversationChange> changes = ConversationChanges.detect("s-1", List.of(after), true,
                Map.of("a", ConversationChanges.snapshot(before)), SessionIndex.decode("a"), 2).changes();

        assertEquals(List.of(ChangeType.UPDATED), changes.stream().map(ConversationChange::type).toList());
    }

    @Test
    void nothingChangedIsNoChange() {
        ConversationChanges.Detected detected = ConversationChanges.detect("s-1", List.of(conversation("a", false)), true,
                Map.of("a", ConversationChanges.snapshot(conversation("a", false))), SessionIndex.decode("a"), 2);

        assertEquals(List.of(), detected.changes());
        assertFalse(detected.indexChanged());
    }

    @Test
    void aConversationIsRemovedOnlyAfterMissingFromEnoughCompleteListingsInARow() {
        Map<String, String> delivered = Map.of("a", ConversationChanges.snapshot(conversation("a", false)));
        SessionIndex index = SessionIndex.decode("a");

        assertEquals(List.of(), detect(List.of(), true, delivered, index), "missing once: not yet");
        assertEquals(1, index.absences("a"));
        assertEquals(List.of(), detect(List.of(), false, delivered, index), "an incomplete listing counts nothing");
        assertEquals(1, index.absences("a"));
        assertEquals(List.of(), detect(List.of(conversation("a", false)), true, delivered, index), "back: counting anew");
        assertEquals(0, index.absences("a"));
        assertEquals(List.of(), detect(List.of(), true, delivered, index));
        assertEquals(List.of("REMOVED a"), detect(List.of(), true, delivered, index), "missing twice in a row");
        assertEquals("a:2", index.encode());
    }

    @Test
    void theIndexKeepsIdsOfAnyShapeAndReadsTheFormerOne() {
        SessionIndex index = SessionIndex.decode("c%3A1,c%2C2");
        assertEquals(List.of("c:1", "c,2"), List.copyOf(index.ids()));
        index.missing("c:1");

        assertEquals("c%3A1:1,c%2C2", index.encode());
        assertEquals(1, SessionIndex.decode(index.encode()).absences("c:1"));
    }

    private static List<String> detect(List<Conversation> listed, boolean complete, Map<String, String> delivered,
                                       SessionIndex index) {
        return ConversationChanges.detect("s-1", listed, complete, delivered, index, 2).changes().stream()
                .map(c -> c.type() + " " + c.conversation().getId()).toList();
    }

    private static Conversation conversation(String id, boolean closed) {
        Conversation c = new Conversation();
        c.setId(id);
        c.setClosed(closed);
        return c;
    }
}
