package io.github.cameleusate.model;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * A conversation of a customer session, as the conversation list returns it. {@link #getSessionId()} is not part of
 * the API's JSON: the client sets it to the session the conversation was listed under, so a conversation in an
 * exchange body is enough to fetch its messages.
 */
@JsonPropertyOrder({ "id", "date_created", "date_updated", "closed", "close_support", "read_by_customer", "read_by_agent",
        "responder", "ticket", "ticket_slug", "latest_message" })
public class Conversation extends ApiObject {

    @JsonIgnore
    private String sessionId;
    private String id;
    @JsonProperty("date_created")
    @JsonSerialize(using = IsoTimestamps.Serializer.class)
    @JsonDeserialize(using = IsoTimestamps.Deserializer.class)
    private OffsetDateTime dateCreated;
    @JsonProperty("date_updated")
    @JsonSerialize(using = IsoTimestamps.Serializer.class)
    @JsonDeserialize(using = IsoTimestamps.Deserializer.class)
    private OffsetDateTime dateUpdated;
    private Boolean closed;
    @JsonProperty("close_support")
    private Boolean closeSupport;
    @JsonProperty("read_by_customer")
    private Boolean readByCustomer;
    @JsonProperty("read_by_agent")
    private Boolean readByAgent;
    private String responder;
    private String ticket;
    @JsonProperty("ticket_slug")
    private String ticketSlug;
    @JsonProperty("latest_message")
    private Message latestMessage;

    @JsonIgnore
    public String getSessionId() {
        return sessionId;
    }

    @JsonIgnore
    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public OffsetDateTime getDateCreated() {
        return dateCreated;
    }

    public void setDateCreated(OffsetDateTime dateCreated) {
        this.dateCreated = dateCreated;
    }

    public OffsetDateTime getDateUpdated() {
        return dateUpdated;
    }

    public void setDateUpdated(OffsetDateTime dateUpdated) {
        this.dateUpdated = dateUpdated;
    }

    public Boolean getClosed() {
        return closed;
    }

    public void setClosed(Boolean closed) {
        this.closed = closed;
    }

    public Boolean getCloseSupport() {
        return closeSupport;
    }

    public void setCloseSupport(Boolean closeSupport) {
        this.closeSupport = closeSupport;
    }

    public Boolean getReadByCustomer() {
        return readByCustomer;
    }

    public void setReadByCustomer(Boolean readByCustomer) {
        this.readByCustomer = readByCustomer;
    }

    public Boolean getReadByAgent() {
        return readByAgent;
    }

    public void setReadByAgent(Boolean readByAgent) {
        this.readByAgent = readByAgent;
    }

    public String getResponder() {
        return responder;
    }

    public void setResponder(String responder) {
        this.responder = responder;
    }

    public String getTicket() {
        return ticket;
    }

    public void setTicket(String ticket) {
        this.ticket = ticket;
    }

    public String getTicketSlug() {
        return ticketSlug;
    }

    public void setTicketSlug(String ticketSlug) {
        this.ticketSlug = ticketSlug;
    }

    public Message getLatestMessage() {
        return latestMessage;
    }

    public void setLatestMessage(Message latestMessage) {
        this.latestMessage = latestMessage;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + ", session=" + sessionId + ", closed=" + closed + ", dateUpdated="
               + dateUpdated + "]";
    }
}
