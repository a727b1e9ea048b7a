package io.github.cameleusate.model;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A conversation's fields with all its messages, oldest first, as the messages endpoint returns them. */
@JsonPropertyOrder({ "id", "date_created", "date_updated", "closed", "close_support", "read_by_customer", "read_by_agent",
        "responder", "ticket", "ticket_slug", "latest_message", "messages" })
public class ConversationMessages extends Conversation {

    private List<Message> messages = new ArrayList<>();

    public List<Message> getMessages() {
        return messages;
    }

    public void setMessages(List<Message> messages) {
        this.messages = messages == null ? new ArrayList<>() : messages;
    }
}
