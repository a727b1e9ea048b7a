package io.github.cameleusate.component;

import java.util.List;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.simulator.SimulatedMessage;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static io.github.cameleusate.dsl.StaticEndpointBuilders.eusate;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Java route written with the generated endpoint DSL: the messages consumer, and the conversations producer. */
class EusateEndpointDslTest extends SimulatorTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from(eusate("messages").sessionIds("s-1").startFrom(EusateStartFrom.beginning).delay(100))
                        .to("mock:messages");
                from("direct:conversations")
                        .to(eusate("conversations").sessionId("s-1"))
                        .to("mock:conversations");
            }
        };
    }

    @Test
    void theBuiltEndpointsConsumeAndProduce() throws Exception {
        simulator.addConversation("s-1", "c-1");
        SimulatedMessage hello = simulator.addMessage("s-1", "c-1", "customer", "Hello");
        MockEndpoint messages = getMockEndpoint("mock:messages");
        messages.expectedMessageCount(1);
        messages.assertIsSatisfied(10_000);
        assertEquals(hello.id(), messages.getExchanges().get(0).getMessage().getBody(Message.class).getId());

        template.sendBody("direct:conversations", null);
        MockEndpoint conversations = getMockEndpoint("mock:conversations");
        @SuppressWarnings("unchecked")
        List<Conversation> listed = conversations.getExchanges().get(0).getMessage().getBody(List.class);
        assertEquals(List.of("c-1"), listed.stream().map(Conversation::getId).toList());
    }
}
