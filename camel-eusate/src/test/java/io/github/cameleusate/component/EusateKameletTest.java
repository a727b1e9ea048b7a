package io.github.cameleusate.component;

import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameleusate.simulator.SimulatedMessage;
import io.github.cameleusate.sync.ChangeType;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Kamelets in the component's jar (classpath:kamelets/), used as a route author uses them: a YAML route from
 * kamelet:eusate-...-source, the API key given as a Kamelet property, never in a URI.
 */
class EusateKameletTest extends SimulatorTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatedMessage hello;
    private SimulatedMessage reply;

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("camel.kamelet.eusate-messages-source.apiKey", API_KEY);
        properties.put("camel.kamelet.eusate-conversations-source.apiKey", API_KEY);
        return properties;
    }

    /**
     * Camel core prints every value it resolves for a property placeholder, unmasked, at DEBUG and TRACE
     * (org.apache.camel.component.properties, DefaultCamelContextExtension): the Kamelet's {{apiKey}} shows there,
     * whatever the component does. The README says to keep those categories at INFO; every other line is checked.
     */
    @Override
    List<String> keyLeaks() {
        return super.keyLeaks().stream()
                .filter(line -> !line.startsWith("org.apache.camel.component.properties.")
                                && !line.startsWith("org.apache.camel.impl.engine.DefaultCamelContextExtension "))
                .toList();
    }

    @BeforeEach
    void aConversationOfTwoMessages() {
        simulator.addConversation("s-1", "c-1");
        hello = simulator.addMessage("s-1", "c-1", "customer", "Hello");
        reply = simulator.addMessage("s-1", "c-1", "sate", "Hi! How can I help?");
    }

    @Test
    void theMessagesSourceDeliversEachMessageAsJsonOldestFirst() throws Exception {
        List<Exchange> exchanges = from("eusate-messages-source", 2);

        assertEquals(List.of(hello.id(), reply.id()), exchanges.stream().map(e -> json(e).path("id").asText()).toList());
        assertEquals("Hi! How can I help?", json(exchanges.get(1)).path("message").asText());
        assertEquals("c-1", exchanges.get(1).getMessage().getHeader(EusateConstants.CONVERSATION_ID));
        assertEquals(reply.id(), exchanges.get(1).getMessage().getHeader(EusateConstants.MESSAGE_ID));
        assertEquals(KameletCatalogRulesTest.outputSchemaProperties("eusate-messages-source"), fields(exchanges.get(1)),
                "the Kamelet's output schema names every field it emits, and only those");
    }

    @Test
    void theConversationsSourceDeliversEachChangeAsJson() throws Exception {
        List<Exchange> exchanges = from("eusate-conversations-source", 1);

        JsonNode conversation = json(exchanges.get(0));
        assertEquals("c-1", conversation.get("id").asText());
        assertEquals(reply.id(), conversation.get("latest_message").get("id").asText());
        assertEquals(ChangeType.CREATED, exchanges.get(0).getMessage().getHeader(EusateConstants.CHANGE_TYPE));
        assertEquals("s-1", exchanges.get(0).getMessage().getHeader(EusateConstants.SESSION_ID));
        assertEquals(KameletCatalogRulesTest.outputSchemaProperties("eusate-conversations-source"), fields(exchanges.get(0)),
                "the Kamelet's output schema names every field it emits, and only those");
    }

    private static Set<String> fields(Exchange exchange) {
        Set<String> fields = new TreeSet<>();
        json(exchange).fieldNames().forEachRemaining(fields::add);
        return fields;
    }

    /** What a YAML route from the Kamelet receives, once it received {@code expected} exchanges. */
    private List<Exchange> from(String kamelet, int expected) throws Exception {
        MockEndpoint out = getMockEndpoint("mock:out");
        out.expectedMessageCount(expected);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("kamelet-route.yaml", """
                - route:
                    from:
                      uri: kamelet:%s
                      parameters:
                        sessionIds: s-1
                        baseUrl: %s
                        delay: 100
                      steps:
                        - to: mock:out
                """.formatted(kamelet, simulator.baseUrl())));
        out.assertIsSatisfied(10_000);
        List<String> uris = context.getEndpoints().stream().map(Endpoint::getEndpointUri).toList();
        assertFalse(uris.stream().anyMatch(uri -> uri.contains(API_KEY)), "the key in an endpoint URI: " + uris);
        // the marshalled body may be a stream: read once
        out.getExchanges().forEach(e -> e.getMessage().setBody(e.getMessage().getBody(String.class)));
        return out.getExchanges();
    }

    private static JsonNode json(Exchange exchange) {
        try {
            return JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + exchange.getMessage().getBody(), e);
        }
    }
}
