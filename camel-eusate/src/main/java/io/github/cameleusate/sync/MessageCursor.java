package io.github.cameleusate.sync;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.IsoTimestamps;
import io.github.cameleusate.model.Message;

/**
 * Where the messages consumer stands in one conversation: the last message delivered (its id and creation time), and the
 * conversation's {@code date_updated} and {@code latest_message.id} as listed when everything up to that latest message
 * had been delivered. A listed conversation whose two markers equal these has nothing new, so its messages are not
 * fetched. Immutable; its JSON form is one small state entry per conversation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageCursor(
        @JsonProperty("u") String listedDateUpdated,
        @JsonProperty("l") String listedLatestMessageId,
        @JsonProperty("m") String lastMessageId,
        @JsonProperty("t") String lastMessageDateCreated) {

    /** A conversation never seen: everything in it is new. */
    public static final MessageCursor NONE = new MessageCursor(null, null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cursor at the conversation's latest message as listed now: only later messages are new. */
    public static MessageCursor at(Conversation listed) {
        Message latest = listed.getLatestMessage();
        return new MessageCursor(text(listed.getDateUpdated()), latestId(listed), latest == null ? null : latest.getId(),
                latest == null ? null : text(latest.getDateCreated()));
    }

    /** Whether the listed conversation shows nothing since this cursor caught up with it. */
    public boolean isUpToDateWith(Conversation listed) {
        return listedDateUpdated != null && listedDateUpdated.equals(text(listed.getDateUpdated()))
               && Objects.equals(listedLatestMessageId, latestId(listed));
    }

    /**
     * The messages after the last delivered one, in the given (chronological) order. When the last delivered message is
     * no longer in the list, the ones created after it are new.
     */
    public List<Message> after(List<Message> messages) {
        if (lastMessageId == null) {
            return messages;
        }
        for (int i = 0; i < messages.size(); i++) {
            if (lastMessageId.equals(messages.get(i).getId())) {
                return messages.subList(i + 1, messages.size());
            }
        }
        OffsetDateTime last = lastMessageDateCreated == null ? null : IsoTimestamps.parse(lastMessageDateCreated);
        return messages.stream()
                .filter(m -> last == null || m.getDateCreated() == null || m.getDateCreated().isAfter(last))
                .toList();
    }

    /** This cursor moved past a delivered message. */
    public MessageCursor delivered(Message message) {
        return new MessageCursor(listedDateUpdated, listedLatestMessageId, message.getId(), text(message.getDateCreated()));
    }

    /** This cursor, having delivered everything up to the listed latest message, marked as caught up with the listing. */
    public MessageCursor caughtUpWith(Conversation listed) {
        return new MessageCursor(text(listed.getDateUpdated()), latestId(listed), lastMessageId, lastMessageDateCreated);
    }

    /** Whether the fetched messages hold the latest message the listing announced (or it announced none). */
    public static boolean isComplete(Conversation listed, List<Message> messages) {
        String latest = latestId(listed);
        return latest == null || messages.stream().anyMatch(m -> latest.equals(m.getId()));
    }

    public String encode() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a stored cursor; an empty or missing value is {@link #NONE}. */
    public static MessageCursor decode(String key, String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        try {
            return JSON.readValue(value, MessageCursor.class);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable eusate state entry '" + key + "': '" + value + "'", e);
        }
    }

    private static String latestId(Conversation listed) {
        return listed.getLatestMessage() == null ? null : listed.getLatestMessage().getId();
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : IsoTimestamps.format(time);
    }
}
