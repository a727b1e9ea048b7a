package io.github.cameleusate.simulator;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation as the simulator holds it: its fields, which {@link EusateSimulator#update} lets a test change, and its
 * messages, oldest first. Its latest message is the last one added (a late one inserted among them does not count).
 */
public final class SimulatedConversation {

    private final String id;
    private final OffsetDateTime dateCreated;
    private final List<SimulatedMessage> messages = new ArrayList<>();
    private SimulatedMessage latest;
    private OffsetDateTime dateUpdated;
    private boolean closed;
    private boolean closeSupport;
    private boolean readByCustomer = true;
    private boolean readByAgent;
    private String responder = "sate";
    private String ticket;
    private String ticketSlug;

    SimulatedConversation(String id, OffsetDateTime created) {
        this.id = id;
        this.dateCreated = created;
        this.dateUpdated = created;
        this.ticket = "ticket-" + id;
        this.ticketSlug = "customer-inquiry-" + id;
    }

    public String getId() {
        return id;
    }

    public OffsetDateTime getDateCreated() {
        return dateCreated;
    }

    public OffsetDateTime getDateUpdated() {
        return dateUpdated;
    }

    void setDateUpdated(OffsetDateTime dateUpdated) {
        this.dateUpdated = dateUpdated;
    }

    public boolean isClosed() {
        return closed;
    }

    public void setClosed(boolean closed) {
        this.closed = closed;
    }

    public boolean isCloseSupport() {
        return closeSupport;
    }

    public void setCloseSupport(boolean closeSupport) {
        this.closeSupport = closeSupport;
    }

    public boolean isReadByCustomer() {
        return readByCustomer;
    }

    public void setReadByCustomer(boolean readByCustomer) {
        this.readByCustomer = readByCustomer;
    }

    public boolean isReadByAgent() {
        return readByAgent;
    }

    public void setReadByAgent(boolean readByAgent) {
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

    /** The messages, oldest first; a copy. */
    public List<SimulatedMessage> getMessages() {
        return List.copyOf(messages);
    }

    /** The latest message, or null before the first. */
    public SimulatedMessage getLatestMessage() {
        return latest;
    }

    void add(SimulatedMessage message) {
        messages.add(message);
        latest = message;
    }

    /** Inserts a message before the first one created after it (at the end when it has no date), latest unchanged. */
    void insertLate(SimulatedMessage message) {
        int at = messages.size();
        for (int i = 0; message.dateCreated() != null && i < messages.size(); i++) {
            OffsetDateTime created = messages.get(i).dateCreated();
            if (created != null && created.isAfter(message.dateCreated())) {
                at = i;
                break;
            }
        }
        messages.add(at, message);
    }

    int messageCount() {
        return messages.size();
    }
}
