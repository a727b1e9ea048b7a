package io.github.cameleusate.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;

/**
 * Reads the API's response bodies. The conversation list comes in three shapes, all accepted: a bare array,
 * {@code {"conversations": [...]}}, and the paginated {@code {"results": [...], "next": "..."}}.
 */
public final class EusateJson {

    /** The API's JSON is four levels deep; anything far deeper is hostile, not data. */
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * One page of a conversation list; {@code next} is the link to the following page, or null; {@code count} the
     * number of conversations the paginated list says it holds, or null for the unpaginated shapes.
     */
    public record ConversationPage(List<Conversation> conversations, String next, Long count) {
    }

    private EusateJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ConversationPage readConversationPage(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        JsonNode items;
        String next = null;
        Long count = null;
        if (root != null && root.isArray()) {
            items = root;
        } else if (root != null && root.isObject() && root.get("conversations") != null) {
            items = root.get("conversations");
        } else if (root != null && root.isObject() && root.get("results") != null) {
            items = root.get("results");
            JsonNode nextNode = root.get("next");
            next = nextNode == null || nextNode.isNull() ? null : nextNode.asText();
            JsonNode countNode = root.get("count");
            count = countNode != null && countNode.canConvertToLong() ? countNode.asLong() : null;
        } else {
            throw new IOException("expected a JSON array of conversations, or an object with 'conversations' or 'results'");
        }
        if (!items.isArray()) {
            throw new IOException("expected the conversations to be a JSON array, got " + items.getNodeType());
        }
        List<Conversation> conversations = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            Conversation conversation = MAPPER.treeToValue(item, Conversation.class);
            if (conversation == null || conversation.getId() == null) {
                throw new IOException("a conversation without 'id' in the list");
            }
            conversations.add(conversation);
        }
        return new ConversationPage(conversations, next, count);
    }

    public static ConversationMessages readConversationMessages(byte[] body) throws IOException {
        JsonNode root = MAPPER.readTree(body);
        if (root == null || !root.isObject()) {
            throw new IOException("expected a JSON object with the conversation's 'messages'");
        }
        JsonNode messages = root.get("messages");
        if (messages != null && !messages.isArray() && !messages.isNull()) {
            throw new IOException("expected 'messages' to be a JSON array, got " + messages.getNodeType());
        }
        return MAPPER.treeToValue(root, ConversationMessages.class);
    }

    /** An API object as the compact JSON the API would send (unknown fields included). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value + " as JSON", e);
        }
    }

    /** The {@code detail} text of an error body, or null when the body is not such JSON. */
    public static String readDetail(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            JsonNode detail = root == null ? null : root.get("detail");
            return detail == null || detail.isNull() ? null : detail.isTextual() ? detail.asText() : detail.toString();
        } catch (IOException e) {
            return null;
        }
    }
}
