package io.github.cameleusate.sync;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.IsoTimestamps;
import io.github.cameleusate.model.Message;

/**
 * Where the messages consumer stands in one conversation, as plain data: no HTTP, no Camel. Immutable; its JSON form is
 * one small state entry per conversation.
 * <p>
 * What was delivered: every message created at or before the {@code floor}, and the messages created after it whose
 * ids are in {@code recent} (with their creation time, in microseconds since the epoch). The floor trails the newest
 * delivered message by the lateness window, so a message that becomes visible after later ones (concurrent writers, a
 * lagging replica), or that shares its timestamp with others, is new exactly when its id is not in {@code recent} and
 * it is newer than the floor. Messages with no date at all are tracked by id in {@code undated}, for as long as the
 * conversation holds them. Both sets are bounded by {@link #MAX_IDS}: past that the floor moves up so that the
 * newest half stays.
 * <p>
 * When to fetch: the conversation's {@code date_updated} and {@code latest_message.id} as listed when everything they
 * announced had been delivered; a listing that shows the same has nothing new, except that until its latest activity is
 * as old as the window the conversation is fetched again at {@code recheckAt} (epoch ms), at intervals that double, to
 * find messages that became visible late without changing the listing.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public final class MessageCursor {

    /** The most ids each of {@code recent} and {@code undated} holds. */
    public static final int MAX_IDS = 200;

    /** A conversation never seen: everything in it is new. */
    public static final MessageCursor NONE = new MessageCursor(null, null, null, Map.of(), Set.of(), null);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Written after every delivered message: the type's serializer resolved once. */
    private static final ObjectWriter WRITER = JSON.writerFor(MessageCursor.class);
    private static final ObjectReader READER = JSON.readerFor(MessageCursor.class);
    /** The shortest wait for a recheck, as a share of the window: 1/64 (about 9 s of 10 minutes). */
    private static final int SHORTEST_RECHECK_SHARE = 64;

    private final String listedDateUpdated;
    private final String listedLatestMessageId;
    private final Long floor;
    private final Map<String, Long> recent;
    private final Set<String> undated;
    private final Long recheckAt;

    private MessageCursor(String listedDateUpdated, String listedLatestMessageId, Long floor, Map<String, Long> recent,
                          Set<String> undated, Long recheckAt) {
        this.listedDateUpdated = listedDateUpdated;
        this.listedLatestMessageId = listedLatestMessageId;
        this.floor = floor;
        this.recent = Collections.unmodifiableMap(recent);
        this.undated = Collections.unmodifiableSet(undated);
        this.recheckAt = recheckAt;
    }

    /** Reads the stored form; {@code m} and {@code t} are the last delivered message of the cursors before 0.3. */
    @JsonCreator
    static MessageCursor stored(@JsonProperty("u") String listedDateUpdated, @JsonProperty("l") String listedLatestMessageId,
                                @JsonProperty("f") Long floor, @JsonProperty("r") Map<String, Long> recent,
                                @JsonProperty("x") Set<String> undated, @JsonProperty("n") Long recheckAt,
                                @JsonProperty("m") String lastMessageId, @JsonProperty("t") String lastMessageDateCreated) {
        Map<String, Long> ids = recent == null ? new LinkedHashMap<>() : new LinkedHashMap<>(recent);
        Long at = floor;
        if (at == null && lastMessageDateCreated != null) {
            at = micros(IsoTimestamps.parse(lastMessageDateCreated));
        }
        if (at == null && lastMessageId != null) {
            ids.put(lastMessageId, Long.MIN_VALUE);
        }
        return new MessageCursor(listedDateUpdated, listedLatestMessageId, at, ids,
                undated == null ? Set.of() : new LinkedHashSet<>(undated), recheckAt);
    }

    /**
     * A cursor at the conversation's latest message as listed now (or its date_updated, when that message has no date):
     * only messages created after it are new.
     */
    public static MessageCursor at(Conversation listed) {
        Message latest = listed.getLatestMessage();
        Long created = latest == null ? null : created(latest);
        Set<String> undated = new LinkedHashSet<>();
        if (latest != null && created == null) {
            undated.add(latest.getId());
            created = micros(listed.getDateUpdated());
        }
        return new MessageCursor(text(listed.getDateUpdated()), latestId(listed), created, new LinkedHashMap<>(), undated,
                null);
    }

    /**
     * Whether the listed conversation shows nothing since this cursor caught up with it, and no recheck is due.
     *
     * @param now the time, in ms since the epoch
     */
    public boolean isUpToDateWith(Conversation listed, long now) {
        return listedDateUpdated != null && listedDateUpdated.equals(text(listed.getDateUpdated()))
               && Objects.equals(listedLatestMessageId, latestId(listed)) && (recheckAt == null || now < recheckAt);
    }

    /** The fetched messages not delivered yet, in the given (chronological) order. */
    public List<Message> news(List<Message> messages) {
        List<Message> news = new ArrayList<>();
        for (Message message : messages) {
            Long created = created(message);
            boolean delivered = created == null ? undated.contains(message.getId())
                    : recent.containsKey(message.getId()) || floor != null && created <= floor;
            if (!delivered) {
                news.add(message);
            }
        }
        return news;
    }

    /**
     * This cursor with one more message delivered.
     *
     * @param window the lateness window: how far behind the newest delivered message the floor stays
     */
    public MessageCursor delivered(Message message, Duration window) {
        Long created = created(message);
        if (created == null) {
            Set<String> ids = new LinkedHashSet<>(undated);
            ids.add(message.getId());
            while (ids.size() > MAX_IDS) {
                ids.remove(ids.iterator().next());
            }
            return new MessageCursor(listedDateUpdated, listedLatestMessageId, floor, new LinkedHashMap<>(recent), ids,
                    recheckAt);
        }
        Map<String, Long> ids = new LinkedHashMap<>(recent);
        ids.put(message.getId(), created);
        long newest = Math.max(created, newest());
        long trailing = newest - window.toNanos() / 1000;
        long at = floor == null ? trailing : Math.max(floor, trailing);
        if (ids.size() > MAX_IDS) {
            // down to half at once, so that a burst sorts once every MAX_IDS / 2 deliveries, not at every one
            List<Long> times = new ArrayList<>(ids.values());
            Collections.sort(times);
            at = Math.max(at, times.get(ids.size() - MAX_IDS / 2 - 1));
        }
        long cut = at;
        ids.values().removeIf(time -> time <= cut);
        return new MessageCursor(listedDateUpdated, listedLatestMessageId, at, ids, undated, recheckAt);
    }

    /**
     * This cursor, having delivered everything the listing announced, caught up with it: the next recheck is as far
     * from now as the latest activity (its newest message or date_updated) is old, at least 1/64 of the window and at
     * most until that activity is as old as the window; none after that.
     *
     * @param fetched what the conversation's messages request returned: undated ids it no longer holds are forgotten
     * @param now     the time, in ms since the epoch
     */
    public MessageCursor caughtUpWith(Conversation listed, List<Message> fetched, Duration window, long now) {
        Set<String> present = new LinkedHashSet<>();
        fetched.forEach(m -> present.add(m.getId()));
        Set<String> kept = new LinkedHashSet<>(undated);
        kept.retainAll(present);
        Long next = null;
        long windowMillis = window.toMillis();
        if (windowMillis > 0) {
            long latest = Math.max(newest() == Long.MIN_VALUE ? Long.MIN_VALUE : newest() / 1000,
                    listed.getDateUpdated() == null ? Long.MIN_VALUE : listed.getDateUpdated().toInstant().toEpochMilli());
            long age = latest == Long.MIN_VALUE ? windowMillis : now - latest;
            if (age < windowMillis) {
                // the last one when the latest activity is exactly as old as the window
                next = Math.min(now + Math.max(age, Math.max(1, windowMillis / SHORTEST_RECHECK_SHARE)),
                        latest + windowMillis);
            }
        }
        return new MessageCursor(text(listed.getDateUpdated()), latestId(listed), floor, new LinkedHashMap<>(recent), kept,
                next);
    }

    /** Whether the fetched messages hold the latest message the listing announced (or it announced none). */
    public static boolean isComplete(Conversation listed, List<Message> messages) {
        String latest = latestId(listed);
        return latest == null || messages.stream().anyMatch(m -> latest.equals(m.getId()));
    }

    /** When the conversation is fetched again although its listing did not change (ms since the epoch), or null. */
    @JsonProperty("n")
    public Long recheckAt() {
        return recheckAt;
    }

    @JsonProperty("u")
    String listedDateUpdated() {
        return listedDateUpdated;
    }

    @JsonProperty("l")
    String listedLatestMessageId() {
        return listedLatestMessageId;
    }

    @JsonProperty("f")
    Long floor() {
        return floor;
    }

    @JsonProperty("r")
    Map<String, Long> recent() {
        return recent;
    }

    @JsonProperty("x")
    Set<String> undated() {
        return undated;
    }

    public String encode() {
        try {
            return WRITER.writeValueAsString(this);
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
            return READER.readValue(value);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable eusate state entry '" + key + "': '" + value + "'", e);
        }
    }

    private long newest() {
        long newest = floor == null ? Long.MIN_VALUE : floor;
        for (long time : recent.values()) {
            newest = Math.max(newest, time);
        }
        return newest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageCursor c && Objects.equals(listedDateUpdated, c.listedDateUpdated)
               && Objects.equals(listedLatestMessageId, c.listedLatestMessageId) && Objects.equals(floor, c.floor)
               && recent.equals(c.recent) && undated.equals(c.undated) && Objects.equals(recheckAt, c.recheckAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listedDateUpdated, listedLatestMessageId, floor, recent, undated, recheckAt);
    }

    @Override
    public String toString() {
        return encode();
    }

    /** A message's creation time (its update time when it has none), in µs since the epoch; null when it has neither. */
    private static Long created(Message message) {
        OffsetDateTime time = message.getDateCreated() != null ? message.getDateCreated() : message.getDateUpdated();
        return micros(time);
    }

    private static Long micros(OffsetDateTime time) {
        if (time == null) {
            return null;
        }
        Instant instant = time.toInstant();
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static String latestId(Conversation listed) {
        return listed.getLatestMessage() == null ? null : listed.getLatestMessage().getId();
    }

    private static String text(OffsetDateTime time) {
        return time == null ? null : IsoTimestamps.format(time);
    }
}
