package io.github.cameleusate.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EusateJsonTest {

    @Test
    void aPageIsReadWhateverItsFieldsOrderAndTheFieldsItDoesNotKnow() throws IOException {
        EusateJson.ConversationPage page = EusateJson.readConversationPage(bytes("""
                {"extra": {"nested": [1, {"results": []}]}, "results": [{"id": "c-1", "tags": ["a"]}, {"id": "c-2"}],
                 "next": "https://api.example.invalid/p2", "previous": null, "count": 3}"""));

        assertEquals(List.of("c-1", "c-2"), page.conversations().stream().map(Conversation::getId).toList());
        assertEquals(Map.of("tags", List.of("a")), page.conversations().get(0).getUnknownFields());
        assertEquals("https://api.example.invalid/p2", page.next());
        assertEquals(3L, page.count());
    }

    @Test
    void theUnpaginatedShapesHaveNoNextPage() throws IOException {
        for (String body : List.of("[{\"id\": \"c-1\"}]", "{\"conversations\": [{\"id\": \"c-1\"}], \"next\": \"x\"}")) {
            EusateJson.ConversationPage page = EusateJson.readConversationPage(bytes(body));

            assertEquals(List.of("c-1"), page.conversations().stream().map(Conversation::getId).toList(), body);
            assertNull(page.next(), body);
            assertNull(page.count(), body);
        }
    }

    @Test
    void whatDoesNotFitTheModelIsNamedWithWhereItIs() {
        IOException list = assertThrows(IOException.class, () -> EusateJson.readConversationPage(bytes(
                "[{\"id\": \"c-1\"}, {\"id\": \"c-2\", \"date_updated\": \"yesterday\"}]")));
        IOException messages = assertThrows(IOException.class, () -> EusateJson.readConversationMessages(bytes(
                "{\"id\": \"c-1\", \"messages\": [{\"id\": \"m-1\"}, {\"id\": \"m-2\", \"date_created\": \"soon\"}]}")));
        IOException notAnArray = assertThrows(IOException.class, () -> EusateJson.readConversationMessages(bytes(
                "{\"id\": \"c-1\", \"messages\": {\"id\": \"m-1\"}}")));
        IOException noId = assertThrows(IOException.class, () -> EusateJson.readConversationPage(bytes("[{\"id\": \"c-1\"}, null]")));

        assertTrue(list.getMessage().startsWith("'[1].date_updated' is not what the API sends"), list.getMessage());
        assertTrue(list.getMessage().contains("yesterday"), list.getMessage());
        assertTrue(messages.getMessage().startsWith("'messages[1].date_created' is not what the API sends"),
                messages.getMessage());
        assertTrue(notAnArray.getMessage().startsWith("'messages' is not what the API sends"), notAnArray.getMessage());
        assertEquals("a conversation without 'id' in the list", noId.getMessage());
    }

    @Test
    void aConversationWithItsMessagesIsBoundAsItIsParsed() throws IOException {
        ConversationMessages read = EusateJson.readConversationMessages(bytes("""
                {"id": "c-1", "date_updated": "2024-01-15T10:31:00.5+02:00",
                 "messages": [{"id": "m-1", "date_created": "2024-01-15T10:30:00Z", "reactions": {"+1": 2}}]}"""));

        assertEquals(OffsetDateTime.parse("2024-01-15T10:31:00.5+02:00"), read.getDateUpdated());
        assertEquals(OffsetDateTime.parse("2024-01-15T10:30:00Z"), read.getMessages().get(0).getDateCreated());
        assertEquals(Map.of("reactions", Map.of("+1", 2)), read.getMessages().get(0).getUnknownFields());
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
