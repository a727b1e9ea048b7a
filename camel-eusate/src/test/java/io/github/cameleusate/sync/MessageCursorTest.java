package io.github.cameleusate.sync;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCursorTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final Message m1 = message("m1", "2024-01-15T10:30:00Z");
    private final Message m2 = message("m2", "2024-01-15T10:31:00.5Z");
    private final Message m3 = message("m3", "2024-01-15T12:32:00+02:00");

    @Test
    void aNewConversationHasEverythingAhead() {
        assertEquals(List.of(m1, m2, m3), MessageCursor.NONE.news(List.of(m1, m2, m3)));
        assertFalse(MessageCursor.NONE.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2), 0));
    }

    @Test
    void deliveredMessagesAreNotNewAgain() {
        MessageCursor cursor = deliver(MessageCursor.NONE, m1);

        assertEquals(List.of(m2, m3), cursor.news(List.of(m1, m2, m3)));
        assertEquals(List.of(), deliver(cursor, m2, m3).news(List.of(m1, m2, m3)));
    }

    @Test
    void aMessageThatBecomesVisibleAfterALaterOneIsNewOnceWithinTheWindow() {
        MessageCursor cursor = deliver(MessageCursor.NONE, m1, m3);
        Message late = message("late", "2024-01-15T10:25:00Z"); // 7 minutes before m3

        assertEquals(List.of(late), cursor.news(List.of(m1, late, m3)));
        assertEquals(List.of(), deliver(cursor, late).news(List.of(m1, late, m3)));
    }

    @Test
    void aMessageMoreThanTheWindowBehindTheNewestDeliveredCountsAsDelivered() {
        MessageCursor cursor = deliver(MessageCursor.NONE, m1, m3);
        Message tooLate = message("too-late", "2024-01-15T10:21:59Z"); // more than 10 minutes before m3

        assertEquals(List.of(), cursor.news(List.of(tooLate, m1, m3)));
    }

    @Test
    void messagesWithTheSameTimestampInAnyOrderAreEachNewOnce() {
        Message a = message("a", "2024-01-15T10:31:00.5Z");
        Message b = message("b", "2024-01-15T10:31:00.5Z");
        MessageCursor cursor = deliver(MessageCursor.NONE, m1, b);

        assertEquals(List.of(a), cursor.news(List.of(m1, a, b)));
        assertEquals(List.of(), deliver(cursor, a).news(List.of(m1, b, a)));
    }

    @Test
    void aMessageWithoutADateIsTrackedByItsIdWhileTheConversationHoldsIt() {
        Message undated = message("undated", null);
        MessageCursor cursor = deliver(MessageCursor.NONE, m1, undated);

        assertEquals(List.of(m2), cursor.news(List.of(undated, m1, m2)));
        assertEquals(List.of(), cursor.caughtUpWith(listed("2024-01-15T10:31:00Z", m1), List.of(undated, m1), WINDOW, 0)
                .news(List.of(undated, m1)));
        MessageCursor forgotten = cursor.caughtUpWith(listed("2024-01-15T10:31:00Z", m1), List.of(m1), WINDOW, 0);
        assertEquals(List.of(undated), forgotten.news(List.of(undated, m1)), "gone from the conversation, then back");
    }

    @Test
    void withoutAWindowOnlyMessagesNewerThanTheNewestDeliveredAreNew() {
        MessageCursor cursor = MessageCursor.NONE.delivered(m2, Duration.ZERO);

        assertEquals(List.of(m3), cursor.news(List.of(m1, m2, m3)));
        assertNull(cursor.caughtUpWith(listed("2024-01-15T10:31:00Z", m2), List.of(m2), Duration.ZERO, 0).recheckAt());
    }

    @Test
    void theIdsKeptAreBoundedAndTheFloorRisesToTheOldestDropped() {
        List<Message> burst = new ArrayList<>();
        MessageCursor cursor = MessageCursor.NONE;
        for (int i = 0; i < MessageCursor.MAX_IDS + 50; i++) {
            Message m = message("b" + i, OffsetDateTime.parse("2024-01-15T10:30:00Z").plusNanos(i * 1000L).toString());
            burst.add(m);
            cursor = cursor.delivered(m, WINDOW);
        }

        assertTrue(cursor.encode().length() < 30 * (MessageCursor.MAX_IDS + 10), cursor.encode().length() + " chars");
        assertEquals(List.of(), cursor.news(burst), "nothing delivered comes again");
    }

    @Test
    void caughtUpWithAListingItStaysUpToDateUntilDateUpdatedOrLatestMessageChangeOrARecheckIsDue() {
        Conversation listed = listed("2024-01-15T10:31:00Z", m2);
        long now = listed.getDateUpdated().toInstant().toEpochMilli() + 1_000;
        MessageCursor cursor = deliver(MessageCursor.NONE, m2).caughtUpWith(listed, List.of(m2), WINDOW, now);

        assertTrue(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2), now));
        assertFalse(cursor.isUpToDateWith(listed("2024-01-15T10:35:00Z", m2), now), "date_updated moved");
        assertFalse(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", m3), now), "latest message moved");
        assertFalse(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", null), now), "latest message gone");
        assertFalse(cursor.isUpToDateWith(listed, cursor.recheckAt()), "a recheck is due");
    }

    @Test
    void rechecksComeAtDoublingIntervalsUntilTheLatestActivityIsAsOldAsTheWindow() {
        Conversation listed = listed("2024-01-15T10:31:00Z", m2);
        long activity = m2.getDateCreated().toInstant().toEpochMilli(); // later than the listing's date_updated
        MessageCursor cursor = deliver(MessageCursor.NONE, m2);
        List<Long> ages = new ArrayList<>();
        long now = activity + 100;
        while (true) {
            cursor = cursor.caughtUpWith(listed, List.of(m2), WINDOW, now);
            if (cursor.recheckAt() == null) {
                break;
            }
            now = cursor.recheckAt();
            ages.add((now - activity) / 1000);
        }

        assertEquals(List.of(9L, 18L, 37L, 75L, 151L, 303L, 600L), ages, "seconds after the latest activity");
    }

    @Test
    void atTheListingsLatestMessageOnlyLaterOnesAreNew() {
        MessageCursor cursor = MessageCursor.at(listed("2024-01-15T10:31:00Z", m2));

        assertTrue(cursor.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2), 0));
        assertEquals(List.of(m3), cursor.news(List.of(m1, m2, m3)));
    }

    @Test
    void completenessNeedsTheAnnouncedLatestMessage() {
        assertTrue(MessageCursor.isComplete(listed("2024-01-15T10:31:00Z", m2), List.of(m1, m2)));
        assertFalse(MessageCursor.isComplete(listed("2024-01-15T10:31:00Z", m3), List.of(m1, m2)));
        assertTrue(MessageCursor.isComplete(listed("2024-01-15T10:31:00Z", null), List.of()));
    }

    @Test
    void theStoredFormRoundTripsReadsTheFormerOneAndABrokenOneIsNamed() {
        MessageCursor cursor = deliver(MessageCursor.NONE, m1, m3)
                .caughtUpWith(listed("2024-01-15T10:31:00Z", m3), List.of(m1, m3), WINDOW, 0);

        assertEquals(cursor, MessageCursor.decode("k", cursor.encode()));
        assertFalse(cursor.encode().contains("\n"));
        assertEquals(MessageCursor.NONE, MessageCursor.decode("k", ""));
        MessageCursor former = MessageCursor.decode("k",
                "{\"u\":\"2024-01-15T10:31:00Z\",\"l\":\"m2\",\"m\":\"m2\",\"t\":\"2024-01-15T10:31:00.5Z\"}");
        assertEquals(List.of(m3), former.news(List.of(m1, m2, m3)));
        assertTrue(former.isUpToDateWith(listed("2024-01-15T10:31:00Z", m2), 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MessageCursor.decode("messages/s/c", "{oops"));
        assertTrue(e.getMessage().contains("messages/s/c") && e.getMessage().contains("{oops"), e.getMessage());
    }

    private static MessageCursor deliver(MessageCursor cursor, Message... messages) {
        MessageCursor moved = cursor;
        for (Message message : messages) {
            moved = moved.delivered(message, WINDOW);
        }
        return moved;
    }

    private static Message message(String id, String created) {
        Message m = new Message();
        m.setId(id);
        m.setDateCreated(created == null ? null : OffsetDateTime.parse(created));
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
