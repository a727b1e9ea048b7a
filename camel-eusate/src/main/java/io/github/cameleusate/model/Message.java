package io.github.cameleusate.model;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** One message of a conversation. {@code sender} is {@code customer}, {@code sate} or {@code agent}, or any new value. */
@JsonPropertyOrder({ "id", "date_created", "date_updated", "message", "sender", "is_attachment", "attachment_metadata",
        "ticket_chat" })
public class Message extends ApiObject {

    private String id;
    @JsonProperty("date_created")
    @JsonSerialize(using = IsoTimestamps.Serializer.class)
    @JsonDeserialize(using = IsoTimestamps.Deserializer.class)
    private OffsetDateTime dateCreated;
    @JsonProperty("date_updated")
    @JsonSerialize(using = IsoTimestamps.Serializer.class)
    @JsonDeserialize(using = IsoTimestamps.Deserializer.class)
    private OffsetDateTime dateUpdated;
    private String message;
    private String sender;
    @JsonProperty("is_attachment")
    private Boolean attachment;
    @JsonProperty("attachment_metadata")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    private AttachmentMetadata attachmentMetadata;
    @JsonProperty("ticket_chat")
    private String ticketChat;

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

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public String getSender() {
        return sender;
    }

    public void setSender(String sender) {
        this.sender = sender;
    }

    public Boolean getAttachment() {
        return attachment;
    }

    public void setAttachment(Boolean attachment) {
        this.attachment = attachment;
    }

    public AttachmentMetadata getAttachmentMetadata() {
        return attachmentMetadata;
    }

    public void setAttachmentMetadata(AttachmentMetadata attachmentMetadata) {
        this.attachmentMetadata = attachmentMetadata;
    }

    public String getTicketChat() {
        return ticketChat;
    }

    public void setTicketChat(String ticketChat) {
        this.ticketChat = ticketChat;
    }

    /** Identifies the message without its text, which may be personal data and does not belong in logs. */
    @Override
    public String toString() {
        return "Message[id=" + id + ", conversation=" + ticketChat + ", sender=" + sender + ", dateCreated=" + dateCreated
               + "]";
    }
}
