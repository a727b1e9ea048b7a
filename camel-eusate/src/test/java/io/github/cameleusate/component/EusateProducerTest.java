package io.github.cameleusate.component;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cameleusate.client.EusateApiException;
import io.github.cameleusate.model.AttachmentMetadata;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;
import io.github.cameleusate.model.Message;
import io.github.cameleusate.simulator.ListShape;
import io.github.cameleusate.simulator.RecordedRequest;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jackson.JacksonDataFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The eusate producers against the simulator over real HTTP. */
class EusateProducerTest extends SimulatorTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:conversations-as-json")
                        .to("eusate:conversations?sessionId=s-1")
                        .split(body())
                        .marshal(new JacksonDataFormat())
                        .convertBodyTo(String.class)
                        .to("mock:json");
            }
        };
    }

    // ---- conversations

    @Test
    void conversationsReadsEveryFieldOfTheVendorExample() {
        simulator.respondNextWith(200, "application/json", resource("api/vendor-conversations.json"));

        List<Conversation> conversations = listConversations("eusate:conversations?sessionId=s-1");

        RecordedRequest request = onlyRequest();
        assertEquals("GET", request.method());
        assertEquals("/api/v1/helpdesk/customer/s-1/conversations/", request.rawPath());
        assertNull(request.query());
        assertEquals("Bearer " + API_KEY, request.authorization());

        assertEquals(2, conversations.size());
        Conversation c = conversations.get(0);
        assertEquals("s-1", c.getSessionId());
        assertEquals("conv_123", c.getId());
        assertEquals(OffsetDateTime.parse("2024-01-15T10:30:00Z"), c.getDateCreated());
        assertEquals(OffsetDateTime.parse("2024-01-15T11:45:00Z"), c.getDateUpdated());
        assertEquals(false, c.getClosed());
        assertEquals(false, c.getCloseSupport());
        assertEquals(true, c.getReadByCustomer());
        assertEquals(false, c.getReadByAgent());
        assertEquals("sate", c.getResponder());
        assertEquals("ticket_456", c.getTicket());
        assertEquals("customer-inquiry-456", c.getTicketSlug());
        Message latest = c.getLatestMessage();
        assertEquals("msg_789", latest.getId());
        assertEquals(OffsetDateTime.parse("2024-01-15T11:45:00Z"), latest.getDateCreated());
        assertEquals(OffsetDateTime.parse("2024-01-15T11:45:00Z"), latest.getDateUpdated());
        assertEquals("I can help you with that issue.", latest.getMessage());
        assertEquals("sate", latest.getSender());
        assertEquals(false, latest.getAttachment());
        assertNull(latest.getAttachmentMetadata());
        assertEquals("conv_123", latest.getTicketChat());

        Conversation closed = conversations.get(1);
        assertEquals(OffsetDateTime.parse("2024-01-16T08:00:00.123456+02:00"), closed.getDateCreated());
        assertEquals(OffsetDateTime.parse("2024-01-16T08:05:00.5-05:30"), closed.getDateUpdated());
        assertEquals(true, closed.getClosed());
        assertEquals("agent", closed.getResponder());
        assertNull(closed.getLatestMessage(), "latest_message: null is valid");
    }

    static Stream<Arguments> closedFilters() {
        return Stream.of(
                Arguments.of("", null, List.of("open-1", "closed-1", "open-2")),
                Arguments.of("&closed=true", "closed=true", List.of("closed-1")),
                Arguments.of("&closed=false", "closed=false", List.of("open-1", "open-2")));
    }

    @ParameterizedTest
    @MethodSource("closedFilters")
    void conversationsFiltersOnClosed(String option, String expectedQuery, List<String> expectedIds) {
        simulator.addConversation("s-1", "open-1");
        simulator.addConversation("s-1", "closed-1");
        simulator.addConversation("s-1", "open-2");
        simulator.closeConversation("s-1", "closed-1");

        List<Conversation> conversations = listConversations("eusate:conversations?sessionId=s-1" + option);

        assertEquals(expectedQuery, onlyRequest().query());
        assertEquals(expectedIds, conversations.stream().map(Conversation::getId).toList());
    }

    @ParameterizedTest
    @EnumSource(ListShape.class)
    void conversationsAcceptsEveryListShape(ListShape shape) {
        for (int i = 1; i <= 5; i++) {
            simulator.addConversation("s-1", "c-" + i);
        }
        simulator.setListShape(shape, 2);

        List<Conversation> conversations = listConversations("eusate:conversations?sessionId=s-1");

        assertEquals(List.of("c-1", "c-2", "c-3", "c-4", "c-5"), conversations.stream().map(Conversation::getId).toList());
        assertEquals(shape == ListShape.PAGINATED ? 3 : 1, simulator.requests().size());
        assertTrue(simulator.requests().stream().allMatch(r -> ("Bearer " + API_KEY).equals(r.authorization())));
    }

    @Test
    void aListOfMorePagesThanMaxPagesFailsNamingTheOption() {
        for (int i = 1; i <= 7; i++) {
            simulator.addConversation("s-1", "c-" + i);
        }
        simulator.setListShape(ListShape.PAGINATED, 2);

        EusateApiException e = failure("eusate:conversations?sessionId=s-1&maxPages=3", EusateApiException.class);

        assertTrue(e.getMessage().contains("conversation list of session s-1 has more than 3 pages (option maxPages,"
                                           + " got 3)"), e.getMessage());
        assertEquals(3, simulator.requests().size(), "the fourth page is not asked for");
        assertEquals(7, listConversations("eusate:conversations?sessionId=s-1&maxPages=4").size(), "four pages hold all");
    }

    @Test
    void paginationToAnotherOriginIsNotFollowed() {
        simulator.respondNextWith(200, "application/json",
                "{\"count\": 2, \"next\": \"https://elsewhere.example.invalid/api/v1/helpdesk/customer/s-1/conversations/?page=2\","
                                                           + " \"results\": [{\"id\": \"c-1\"}]}");

        EusateApiException e = failure("eusate:conversations?sessionId=s-1", EusateApiException.class);

        assertTrue(e.getMessage().contains("https://elsewhere.example.invalid:443"), e.getMessage());
        assertTrue(e.getMessage().contains("not followed"), e.getMessage());
        assertEquals(1, simulator.requests().size());
    }

    @Test
    void unknownFieldsSurviveAJsonRoundTrip() throws Exception {
        String original = resource("api/unknown-fields.json");
        simulator.respondNextWith(200, "application/json", original);

        template().sendBody("direct:conversations-as-json", null);

        String marshalled = getMockEndpoint("mock:json").getReceivedExchanges().get(0).getMessage().getBody(String.class);
        assertEquals(JSON.readTree(original).get(0), JSON.readTree(marshalled));
    }

    // ---- messages

    @Test
    void messagesReadsEveryFieldInChronologicalOrder() {
        simulator.respondNextWith(200, "application/json", resource("api/vendor-messages.json"));

        Exchange exchange = template().request("eusate:messages?sessionId=s-1&conversationId=conv_123", e -> {
        });

        RecordedRequest request = onlyRequest();
        assertEquals("/api/v1/helpdesk/customer/s-1/conversations/conv_123/messages/", request.rawPath());
        assertEquals("Bearer " + API_KEY, request.authorization());
        assertEquals("s-1", exchange.getMessage().getHeader(EusateConstants.SESSION_ID));
        assertEquals("conv_123", exchange.getMessage().getHeader(EusateConstants.CONVERSATION_ID));

        ConversationMessages body = exchange.getMessage().getBody(ConversationMessages.class);
        assertEquals("conv_123", body.getId());
        assertEquals("s-1", body.getSessionId());
        assertEquals(OffsetDateTime.parse("2024-01-15T10:30:00Z"), body.getDateCreated());
        assertEquals(OffsetDateTime.parse("2024-01-15T11:45:00Z"), body.getDateUpdated());
        assertEquals(false, body.getClosed());
        assertEquals(false, body.getCloseSupport());
        assertEquals(true, body.getReadByCustomer());
        assertEquals(false, body.getReadByAgent());
        assertEquals("sate", body.getResponder());
        assertEquals("ticket_456", body.getTicket());
        assertEquals(List.of("msg_001", "msg_002", "msg_003"), body.getMessages().stream().map(Message::getId).toList());

        Message first = body.getMessages().get(0);
        assertEquals("Hello, I need help with my order", first.getMessage());
        assertEquals("customer", first.getSender());
        assertEquals(false, first.getAttachment());
        assertNull(first.getAttachmentMetadata());
        assertEquals("conv_123", first.getTicketChat());
        assertEquals(OffsetDateTime.parse("2024-01-15T10:30:00Z"), first.getDateUpdated());

        Message attachment = body.getMessages().get(2);
        assertEquals(true, attachment.getAttachment());
        assertEquals(OffsetDateTime.parse("2024-01-15T10:32:00.250Z"), attachment.getDateCreated());
        AttachmentMetadata metadata = attachment.getAttachmentMetadata();
        assertEquals("https://files.example.invalid/order-4711.pdf", metadata.getUrl());
        assertEquals("order-4711.pdf", metadata.getName());
        assertEquals(new BigDecimal("182.5"), metadata.getSizeKb());
        assertEquals(".pdf", metadata.getExtension());
    }

    @Test
    void idsComeFromTheHeaderThenTheBodyThenTheEndpoint() {
        for (String session : List.of("from-header", "from-body", "from-option")) {
            simulator.addConversation(session, "c-" + session);
        }
        Conversation inBody = new Conversation();
        inBody.setSessionId("from-body");
        inBody.setId("c-from-body");
        String uri = "eusate:messages?sessionId=from-option&conversationId=c-from-option";

        template().requestBodyAndHeaders(uri, inBody,
                Map.of(EusateConstants.SESSION_ID, "from-header", EusateConstants.CONVERSATION_ID, "c-from-header"));
        template().requestBody(uri, inBody);
        template().requestBody(uri, (Object) null);

        assertEquals(List.of("from-header/c-from-header", "from-body/c-from-body", "from-option/c-from-option"),
                simulator.requests().stream().map(r -> r.sessionId() + "/" + r.conversationId()).toList());
    }

    @Test
    void messagesFollowsAConversationListedBefore() {
        simulator.addConversation("s-1", "c-1");
        simulator.addMessage("s-1", "c-1", "customer", "first");
        simulator.addMessage("s-1", "c-1", "sate", "second");
        Conversation listed = listConversations("eusate:conversations?sessionId=s-1").get(0);

        ConversationMessages messages = template().requestBody("eusate:messages", listed, ConversationMessages.class);

        assertEquals(List.of("first", "second"), messages.getMessages().stream().map(Message::getMessage).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = { "eusate:conversations", "eusate:messages?sessionId=s-1" })
    void aMissingIdFailsBeforeAnyRequest(String uri) {
        IllegalArgumentException e = failure(uri, IllegalArgumentException.class);

        assertTrue(e.getMessage().startsWith(uri.contains("sessionId") ? "No conversation id" : "No session id"),
                e.getMessage());
        assertEquals(List.of(), simulator.requests());
    }

    // ---- ids

    @ParameterizedTest
    @ValueSource(strings = { "with space", "with/slash", "with?question", "with#hash", "with%percent", "with+plus",
            "ünïcödé", "会话-1", "a;b=c", "..."})
    void idsNeedingEncodingReachTheApiUnchanged(String id) {
        simulator.addConversation(id, id);
        simulator.addMessage(id, id, "customer", "hello");

        List<Conversation> conversations = template().requestBodyAndHeader("eusate:conversations", null,
                EusateConstants.SESSION_ID, id, List.class);
        ConversationMessages messages = template().requestBody("eusate:messages", conversations.get(0),
                ConversationMessages.class);

        assertEquals(id, conversations.get(0).getId());
        assertEquals("hello", messages.getMessages().get(0).getMessage());
        List<RecordedRequest> requests = simulator.requests();
        assertEquals(List.of(id, id), requests.stream().map(RecordedRequest::sessionId).toList());
        assertEquals(id, requests.get(1).conversationId());
        assertEquals(9, requests.get(1).rawPath().chars().filter(ch -> ch == '/').count(),
                "each id stays one path segment: " + requests.get(1).rawPath());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", ".", "..", "a\u0000b", "line\nbreak", "tab\tbed" })
    void invalidIdsAreRejectedBeforeAnyRequest(String id) {
        IllegalArgumentException onSession = failure("eusate:conversations", Map.of(EusateConstants.SESSION_ID, id),
                IllegalArgumentException.class);
        IllegalArgumentException onConversation = failure("eusate:messages?sessionId=s-1",
                Map.of(EusateConstants.CONVERSATION_ID, id), IllegalArgumentException.class);

        assertTrue(onSession.getMessage().startsWith("Invalid sessionId"), onSession.getMessage());
        assertTrue(onConversation.getMessage().startsWith("Invalid conversationId"), onConversation.getMessage());
        assertEquals(List.of(), simulator.requests());
    }

    // ---- errors

    static Stream<Arguments> errorStatuses() {
        return Stream.of(400, 401, 403, 404, 429, 500, 502, 503)
                .map(status -> Arguments.of(status, "Problem number " + status));
    }

    @ParameterizedTest
    @MethodSource("errorStatuses")
    void errorStatusesBecomeTheComponentsException(int status, String detail) {
        simulator.respondNextWith(status, "application/json", "{\"detail\": \"" + detail + "\"}");

        // retries (for 429 and 5xx) are off here: EusateResilienceTest covers them
        EusateApiException e = failure("eusate:conversations?sessionId=s-1&maxRetries=0", EusateApiException.class);

        assertEquals(status, e.getHttpResponseCode());
        assertEquals(detail, e.getDetail());
        assertEquals("GET", e.getMethod());
        assertEquals("/api/v1/helpdesk/customer/s-1/conversations/", e.getPath());
        assertTrue(e.getMessage().contains(String.valueOf(status)) && e.getMessage().contains(detail), e.getMessage());
        assertFalse(e.getMessage().contains(API_KEY));
    }

    @Test
    void aWrongApiKeyIsReportedWithoutTheKey() {
        EusateComponent wrongKey = new EusateComponent();
        wrongKey.getConfiguration().setBaseUrl(simulator.baseUrl());
        wrongKey.getConfiguration().setApiKey("wrong-key-1234");
        context().addComponent("eusate-wrong-key", wrongKey);

        EusateApiException e = failure("eusate-wrong-key:conversations?sessionId=s-1", EusateApiException.class);

        assertEquals(401, e.getHttpResponseCode());
        assertEquals("Invalid or missing API key.", e.getDetail());
        assertEquals("The Eusate API rejected the API key (HTTP 401) for GET /api/v1/helpdesk/customer/s-1/conversations/:"
                     + " Invalid or missing API key. Check camel.component.eusate.api-key.", e.getMessage());
        assertEquals(List.of(), logs.linesContaining("wrong-key-1234"));
    }

    static Stream<Arguments> bodiesThatAreNotTheJsonExpected() {
        return Stream.of(
                Arguments.of("text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", "<html><body>"),
                Arguments.of("application/json", "[{\"id\": \"c-1\", \"date_created\": \"2024-01-", "[{\"id\": \"c-1\""),
                Arguments.of("application/json", "{\"detail\": \"a JSON object, but no list\"}", "{\"detail\""),
                Arguments.of("application/json", "", "(empty)"));
    }

    @ParameterizedTest
    @MethodSource("bodiesThatAreNotTheJsonExpected")
    void aSuccessfulStatusWithoutTheJsonExpectedFailsClearly(String contentType, String body, String excerpt) {
        simulator.respondNextWith(200, contentType, body);

        EusateApiException e = failure("eusate:conversations?sessionId=s-1", EusateApiException.class);

        assertEquals(200, e.getHttpResponseCode());
        assertTrue(e.getMessage().contains("not the JSON expected"), e.getMessage());
        assertTrue(e.getMessage().contains(excerpt), e.getMessage());
    }

    @Test
    void toStringNeverShowsTheApiKey() throws Exception {
        EusateEndpoint endpoint = context().getEndpoint("eusate:conversations?sessionId=s-1", EusateEndpoint.class);
        endpoint.start();

        for (Object o : List.of(endpoint, endpoint.getConfiguration(), endpoint.getClient(),
                context().getComponent("eusate", EusateComponent.class).getConfiguration())) {
            assertFalse(String.valueOf(o).contains(API_KEY), o.getClass().getSimpleName() + ": " + o);
        }
    }

    // ---- configuration

    static Stream<Arguments> invalidEndpoints() {
        return Stream.of(
                Arguments.of("eusate:tickets", "Unknown eusate operation 'tickets'"),
                Arguments.of("eusate:conversations?baseUrl=ftp://files.example.invalid", "Invalid option baseUrl 'ftp://"),
                Arguments.of("eusate:conversations?baseUrl=not a url", "Invalid option baseUrl 'not a url'"),
                Arguments.of("eusate:conversations?readTimeout=0", "Option readTimeout must be positive, got 0"),
                Arguments.of("eusate:conversations?proxyHost=proxy.example.invalid", "Option proxyPort"),
                Arguments.of("eusate:conversations?sessionId=s&baseUrl=http://api.example.invalid",
                        "plain http:// would send the API key unencrypted to api.example.invalid"),
                Arguments.of("eusate:conversations?sessionId=s&baseUrl=http://127.example.com",
                        "plain http:// would send the API key unencrypted to 127.example.com"),
                Arguments.of("eusate:conversations?sessionId=s&baseUrl=http://127.0.0.1.example.com",
                        "plain http:// would send the API key unencrypted to 127.0.0.1.example.com"),
                Arguments.of("eusate:conversations?sessionId=s&requestTimeout=0", "Option requestTimeout must be positive"),
                Arguments.of("eusate:conversations?sessionId=s&maxRetries=-1", "Option maxRetries must be 0 or more, got -1"),
                Arguments.of("eusate:conversations?sessionId=s&connectTimeout=-5", "Option connectTimeout must be positive"),
                Arguments.of("eusate:conversations?sessionId=s&maxRequestsPerSecond=-2",
                        "Option maxRequestsPerSecond must be 0 (no pacing) or more, got -2"));
    }

    @ParameterizedTest
    @MethodSource("invalidEndpoints")
    void invalidConfigurationIsReportedWithTheOptionAndValue(String uri, String expected) {
        Exception e = assertThrows(Exception.class, () -> context().getEndpoint(uri).start());

        assertTrue(rootCause(e).getMessage().contains(expected), rootCause(e).getMessage());
    }

    // ---- helpers

    @SuppressWarnings("unchecked")
    private List<Conversation> listConversations(String uri) {
        return template().requestBody(uri, null, List.class);
    }

    private RecordedRequest onlyRequest() {
        List<RecordedRequest> requests = simulator.requests();
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    private <T extends Exception> T failure(String uri, Class<T> type) {
        return failure(uri, Map.of(), type);
    }

    private <T extends Exception> T failure(String uri, Map<String, Object> headers, Class<T> type) {
        Exchange exchange = template().send(uri, e -> e.getMessage().setHeaders(new java.util.HashMap<>(headers)));
        return assertInstanceOf(type, exchange.getException());
    }

    private static String resource(String name) {
        try (InputStream in = EusateProducerTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
