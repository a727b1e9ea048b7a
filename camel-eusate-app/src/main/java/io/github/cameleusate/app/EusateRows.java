package io.github.cameleusate.app;

import java.util.HashMap;
import java.util.Map;

import io.github.cameleusate.client.EusateJson;
import io.github.cameleusate.component.EusateConstants;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.sync.ChangeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * The columns of the sink tables for an exchange of the eusate consumers, as the named parameters of
 * {@code sql/upsert-*.sql} (the routes put them in the header CamelJdbcParameters).
 */
@ApplicationScoped
@Named("eusateRows")
public class EusateRows {

    /** The eusate_message row of a message exchange. */
    public Map<String, Object> message(Exchange exchange) throws InvalidPayloadException {
        Message m = exchange.getMessage().getMandatoryBody(Message.class);
        Map<String, Object> row = new HashMap<>();
        row.put("id", m.getId());
        row.put("conversation_id", exchange.getMessage().getHeader(EusateConstants.CONVERSATION_ID, m.getTicketChat(),
                String.class));
        row.put("session_id", exchange.getMessage().getHeader(EusateConstants.SESSION_ID, String.class));
        row.put("date_created", m.getDateCreated());
        row.put("date_updated", m.getDateUpdated());
        row.put("message", m.getMessage());
        row.put("sender", m.getSender());
        row.put("is_attachment", m.getAttachment());
        row.put("attachment_metadata", m.getAttachmentMetadata() == null ? null : EusateJson.write(m.getAttachmentMetadata()));
        row.put("raw_json", EusateJson.write(m));
        return row;
    }

    /** The eusate_dead_letter row of an exchange a sink rejected for good: what it carried, and why it failed. */
    public Map<String, Object> deadLetter(Exchange exchange) {
        org.apache.camel.Message in = exchange.getMessage();
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object body = in.getBody();
        Map<String, Object> row = new HashMap<>();
        row.put("route", exchange.getFromRouteId());
        row.put("session_id", in.getHeader(EusateConstants.SESSION_ID, String.class));
        row.put("conversation_id", in.getHeader(EusateConstants.CONVERSATION_ID, String.class));
        row.put("message_id", in.getHeader(EusateConstants.MESSAGE_ID, String.class));
        row.put("body", body instanceof Message || body instanceof Conversation ? EusateJson.write(body)
                : in.getBody(String.class));
        row.put("error", failure == null ? "unknown" : failure.toString());
        return row;
    }

    /** The eusate_conversation row of a conversation exchange; a removal keeps the last version, flagged removed. */
    public Map<String, Object> conversation(Exchange exchange) throws InvalidPayloadException {
        Conversation c = exchange.getMessage().getMandatoryBody(Conversation.class);
        Map<String, Object> row = new HashMap<>();
        row.put("id", c.getId());
        row.put("session_id", exchange.getMessage().getHeader(EusateConstants.SESSION_ID, c.getSessionId(), String.class));
        row.put("date_created", c.getDateCreated());
        row.put("date_updated", c.getDateUpdated());
        row.put("closed", c.getClosed());
        row.put("close_support", c.getCloseSupport());
        row.put("read_by_customer", c.getReadByCustomer());
        row.put("read_by_agent", c.getReadByAgent());
        row.put("responder", c.getResponder());
        row.put("ticket", c.getTicket());
        row.put("ticket_slug", c.getTicketSlug());
        row.put("latest_message_id", c.getLatestMessage() == null ? null : c.getLatestMessage().getId());
        row.put("removed", exchange.getMessage().getHeader(EusateConstants.CHANGE_TYPE) == ChangeType.REMOVED);
        row.put("raw_json", EusateJson.write(c));
        return row;
    }
}
