package io.github.cameleusate.simulator;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

/**
 * A realistic data set for the simulator: customer sessions whose conversations hold a dialogue between the customer,
 * the Sate assistant and agents, with the odd attachment and closed conversation. Seeded, so a seed gives the same data.
 */
public final class DemoData {

    private static final List<String> CUSTOMER_LINES = List.of(
            "Hello, I need help with my order", "My parcel has not arrived yet", "Can I change the delivery address?",
            "The invoice shows the wrong amount", "I was charged twice", "How do I reset my password?",
            "Is this item back in stock?", "I'd like to return a product");
    private static final List<String> SATE_LINES = List.of(
            "I'd be happy to help you with your order. Could you provide your order number?",
            "Thanks, I have found your order.", "Let me check that for you.",
            "I have passed this on to an agent who will get back to you shortly.");
    private static final List<String> AGENT_LINES = List.of(
            "Hi, this is Anna from support. I have refunded the duplicate charge.",
            "The parcel is with the courier and should arrive tomorrow.", "I have updated the address for you.",
            "Is there anything else I can help you with?");

    private DemoData() {
    }

    /**
     * Seeds {@code sessions} sessions named {@code demo-session-1..n}, each with {@code conversationsPerSession}
     * conversations of {@code messagesPerConversation} messages.
     */
    public static void seed(EusateSimulator simulator, int sessions, int conversationsPerSession,
                            int messagesPerConversation, long seed) {
        Random random = new Random(seed);
        for (int s = 1; s <= sessions; s++) {
            String sessionId = "demo-session-" + s;
            for (int c = 1; c <= conversationsPerSession; c++) {
                String conversationId = "conv-" + s + "-" + c;
                simulator.addConversation(sessionId, conversationId);
                for (int m = 0; m < messagesPerConversation; m++) {
                    addMessage(simulator, sessionId, conversationId, m, random);
                }
                if (random.nextInt(4) == 0) {
                    simulator.closeConversation(sessionId, conversationId);
                }
            }
        }
    }

    /**
     * One step of a live helpdesk: new messages in a few conversations, now and then a new conversation, and now and
     * then a conversation closing.
     */
    public static void evolve(EusateSimulator simulator, Random random) {
        List<String> sessions = simulator.sessionIds();
        if (sessions.isEmpty()) {
            return;
        }
        String sessionId = sessions.get(random.nextInt(sessions.size()));
        List<String> conversations = simulator.conversationIds(sessionId);
        if (conversations.isEmpty() || random.nextInt(10) == 0) {
            String conversationId = "conv-" + sessionId.replace("demo-session-", "") + "-new-" + System.nanoTime();
            simulator.addConversation(sessionId, conversationId);
            addMessage(simulator, sessionId, conversationId, 0, random);
            return;
        }
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            String conversationId = conversations.get(random.nextInt(conversations.size()));
            addMessage(simulator, sessionId, conversationId, simulator.messages(sessionId, conversationId).size(), random);
            if (random.nextInt(8) == 0) {
                simulator.closeConversation(sessionId, conversationId);
            }
        }
    }

    /** Adds the next message of a dialogue: customer, then Sate, then now and then an agent. */
    public static SimulatedMessage addMessage(EusateSimulator simulator, String sessionId, String conversationId,
                                              int position, Random random) {
        if (position % 3 == 0) {
            if (random.nextInt(10) == 0) {
                return simulator.addAttachment(sessionId, conversationId, "customer", attachment(random));
            }
            return simulator.addMessage(sessionId, conversationId, "customer", pick(CUSTOMER_LINES, random));
        }
        return position % 3 == 1
                ? simulator.addMessage(sessionId, conversationId, "sate", pick(SATE_LINES, random))
                : simulator.addMessage(sessionId, conversationId, "agent", pick(AGENT_LINES, random));
    }

    private static SimulatedMessage.Attachment attachment(Random random) {
        int n = random.nextInt(1000);
        return new SimulatedMessage.Attachment("https://files.example.invalid/attachments/receipt-" + n + ".pdf",
                "receipt-" + n + ".pdf", BigDecimal.valueOf(10 + random.nextInt(500)), ".pdf");
    }

    private static String pick(List<String> lines, Random random) {
        return lines.get(random.nextInt(lines.size()));
    }
}
