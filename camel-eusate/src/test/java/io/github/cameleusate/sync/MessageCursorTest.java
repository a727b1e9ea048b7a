package io.github.cameleusate.sync;

import java.time.OffsetDateTime;
import java.util.List;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCursorTest {

    private final Message m1 = message("m1", "2024-01-15T10:30:00Z");
    private final Message m2 = message("m2", "2024-01-15T10:31:00.5Z");
    private final Message m3 = message("m3", "2024-01-15T12:32:00+02:00");

    @Test
    void aNewConversationHasEverythingAhead() {
        assertEquals(List.of(m1, m2, m3), MessageCursor.NONE.after(List.of(m1, m2, m3)));
        assertFalse(MessageCursor.NONE.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2)));
    }

    @Test
    void afterADeliveredMessageOnlyLaterOnesAreNew() {
        MessageCursor cursor = MessageCursor.NONE.delivered(m1);

        assertEquals(List.of(m2, m3), cursor.after(List.of(m1, m2, m3)));
        assertEquals(List.of(), cursor.delivered(m3).after(List.of(m1, m2, m3)));
    }

    @Test
    void whenTheLastDeliveredMessageIsGoneTheLaterCreatedOnesAreNew() {
        MessageCursor cursor = MessageCursor.NONE.delivered(m2);

        assertEquals(List.of(m3), cursor.after(List.of(m1, m3)));
    }

    @Test
    void caughtUpWithAListingItStaysUpToDateUntilDateUpdatedOrLatestMessageChange() {
        Conversation listed = listed("2024-01-15T10:31:00Z", m2);
        MessageCursor cursor = MessageCursor.NONE.delivered(m2).caughtUpWith(listed);

        assertTrue(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2)));
        assertFalse(cursor.isUpToDateWith(listed("2024-01-15T10:35:00Z", m2)), "date_updated moved");
        assertFalse(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", m3)), "latest message moved");
        assertFalse(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", null)), "latest message gone");
    }

    @Test
    void atTheListingsLatestMessageOnlyLaterOnesAreNew() {
        MessageCursor cursor = MessageCursor.at(listed("2024-01-15T10:31:00Z", m2));

        assertTrue(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2)));
        assertEquals(List.of(m3), cursor.after(List.of(m1, m2, m3)));
    }

    @Test
    void completenessNeedsTheAnnouncedLatestMessage() {
        assertTrue(MessageCursor.isComplete(listed("2024-01-15T10:31:00Z", m2), List.of(m1, m2)));
        assertFalse(MessageCursor.isComplete(listed("2024-01-15T10:31:00Z", m3), List.of(m1, m2)));
        assertTrue(MessageCursor.isComplete(listed("2024-01-15T10:31:00Z", null), List.of()));
    }

    @Test
    void theStoredFormRoundTripsAndABrokenOneIsNamed() {
        MessageCursor cursor = MessageCursor.NONE.delivered(m3).caughtUpWith(listed("2024-01-15T10:31:00Z", m3));

        assertEquals(cursor, MessageCursor.decode("k", cursor.encode()));
        assertFalse(cursor.encode().contains("\n"));
        assertEquals(MessageCursor.NONE, MessageCursor.decode("k", ""));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MessageCursor.decode("messages/s/c", "{oops"));
        assertTrue(e.getMessage().contains("messages/s/c") && e.getMessage().contains("{oops"), e.getMessage());
    }

    private static Message message(String id, String created) {
        Message m = new Message();
        m.setId(id);
        m.setDateCreated(OffsetDateTime.parse(created));
        return m;
    }

    private static Conversation listed(String dateUpdated, Message latest) {
        Conversation c = new Conversation();
        c.setId("c");
        c.setDateUpdated(OffsetDateTime.parse(dateUpdated));
        c.setLatestMessage(latest);
        return c;
    }
}
