package io.github.cameleusate.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
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
    private static final ObjectReader CONVERSATION = MAPPER.readerFor(Conversation.class);
    private static final ObjectReader CONVERSATION_MESSAGES = MAPPER.readerFor(ConversationMessages.class);

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

    /** Reads the list in one pass: the conversations are bound as they are parsed, never held as a tree first. */
    public static ConversationPage readConversationPage(byte[] body) throws IOException {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonToken root = parser.nextToken();
            if (root == JsonToken.START_ARRAY) {
                return new ConversationPage(conversations(parser), null, null);
            }
            if (root != JsonToken.START_OBJECT) {
                throw notAList();
            }
            List<Conversation> listed = null;
            List<Conversation> results = null;
            String next = null;
            Long count = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "conversations" -> listed = conversations(parser);
                    case "results" -> results = conversations(parser);
                    case "next" -> next = value.isScalarValue() && value != JsonToken.VALUE_NULL ? parser.getText() : null;
                    case "count" -> count = value == JsonToken.VALUE_NUMBER_INT
                                            && parser.getNumberType() != NumberType.BIG_INTEGER ? parser.getLongValue() : null;
                    default -> {
                    }
                }
                parser.skipChildren(); // an object or array not read above; nothing after a scalar or a list read
            }
            if (listed != null) {
                return new ConversationPage(listed, null, null);
            }
            if (results == null) {
                throw notAList();
            }
            return new ConversationPage(results, next, count);
        }
    }

    /** The conversations of the array the parser is at. */
    private static List<Conversation> conversations(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("expected the conversations to be a JSON array, got " + parser.currentToken());
        }
        List<Conversation> conversations = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            Conversation conversation = parser.currentToken() == JsonToken.VALUE_NULL ? null
                    : bind(CONVERSATION, parser, "[" + conversations.size() + "]");
            if (conversation == null || conversation.getId() == null) {
                throw new IOException("a conversation without 'id' in the list");
            }
            conversations.add(conversation);
        }
        return conversations;
    }

    private static IOException notAList() {
        return new IOException("expected a JSON array of conversations, or an object with 'conversations' or 'results'");
    }

    /** Reads the conversation with its messages, bound as it is parsed. */
    public static ConversationMessages readConversationMessages(byte[] body) throws IOException {
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object with the conversation's 'messages'");
            }
            return bind(CONVERSATION_MESSAGES, parser, "");
        }
    }

    /**
     * The value the parser is at, bound to the reader's type; a value that does not fit is reported with where it is,
     * {@code at} being where that value is in the body.
     */
    private static <T> T bind(ObjectReader reader, JsonParser parser, String at) throws IOException {
        try {
            return reader.readValue(parser);
        } catch (MismatchedInputException e) {
            String path = path(at, e);
            throw new IOException(path.isEmpty() ? e.getOriginalMessage()
                    : "'" + path + "' is not what the API sends: " + e.getOriginalMessage(), e);
        }
    }

    /** Where in the body a value did not fit the model, as {@code messages[2].date_created}. */
    private static String path(String at, MismatchedInputException e) {
        StringBuilder path = new StringBuilder(at);
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
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
