package io.github.cameleusate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.cameleusate.client.EusateJson;
import io.github.cameleusate.client.EusatePaths;
import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;
import io.github.cameleusate.model.Message;

/**
 * The Eusate Helpdesk API's two customer-session endpoints, served over real HTTP on a loopback port from an in-memory
 * data set that code seeds, changes while it runs, and inspects through the log of requests served. It checks
 * {@code Authorization: Bearer <key>} like the API does. Thread-safe.
 */
public final class EusateSimulator implements AutoCloseable {

    private static final String PREFIX = "/api/v1/helpdesk/customer/";
    private static final Set<String> TRUE_VALUES = Set.of("true", "t", "yes", "1");
    private static final ObjectMapper JSON = EusateJson.mapper();

    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Map<String, StoredConversation>> sessions = new LinkedHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Canned> cannedResponses = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private OffsetDateTime lastTimestamp = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    private ListShape listShape = ListShape.ARRAY;
    private int pageSize = 50;
    private final List<FaultRule> faultRules = new ArrayList<>();
    private List<Fault> randomFaults;
    private double randomFaultProbability;
    private Random faultRandom = new Random(0);
    private volatile long latencyMillis;
    private volatile long hangMillis = 3_000;
    private volatile CountDownLatch hangs = new CountDownLatch(1);

    private record StoredConversation(Conversation conversation, List<Message> messages) {
    }

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each small response waits for the
        // client's delayed ACK (about 40 ms). Only the JDK's built-in server reads this property.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private EusateSimulator(String apiKey, int port) throws IOException {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "eusate-simulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a simulator on a free loopback port that accepts {@code apiKey}. */
    public static EusateSimulator start(String apiKey) throws IOException {
        return start(apiKey, 0);
    }

    /** Starts a simulator on the given loopback port (0 for a free one) that accepts {@code apiKey}. */
    public static EusateSimulator start(String apiKey, int port) throws IOException {
        return new EusateSimulator(apiKey, port);
    }

    /** The base URL to configure as the component's {@code baseUrl}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    // ---- the data set

    /** Adds an open conversation with no messages and returns it; its fields may be changed under {@link #update}. */
    public synchronized Conversation addConversation(String sessionId, String conversationId) {
        OffsetDateTime now = nextTimestamp();
        Conversation c = new Conversation();
        c.setId(conversationId);
        c.setDateCreated(now);
        c.setDateUpdated(now);
        c.setClosed(false);
        c.setCloseSupport(false);
        c.setReadByCustomer(true);
        c.setReadByAgent(false);
        c.setResponder("sate");
        c.setTicket("ticket-" + conversationId);
        c.setTicketSlug("customer-inquiry-" + conversationId);
        sessions.computeIfAbsent(sessionId, s -> new LinkedHashMap<>()).put(conversationId,
                new StoredConversation(c, new ArrayList<>()));
        return c;
    }

    /** Adds a message with a new id, stamped now, and makes it the conversation's latest. */
    public synchronized Message addMessage(String sessionId, String conversationId, String sender, String text) {
        Message m = new Message();
        m.setSender(sender);
        m.setMessage(text);
        m.setAttachment(false);
        return addMessage(sessionId, conversationId, m);
    }

    /**
     * Adds the given message as the conversation's latest; its {@code ticket_chat} is set to the conversation, and an id
     * and timestamps are given where it has none.
     */
    public synchronized Message addMessage(String sessionId, String conversationId, Message message) {
        StoredConversation stored = stored(sessionId, conversationId);
        if (message.getId() == null) {
            message.setId("msg-" + ids.incrementAndGet());
        }
        if (message.getDateCreated() == null) {
            message.setDateCreated(nextTimestamp());
            message.setDateUpdated(message.getDateCreated());
        }
        message.setTicketChat(conversationId);
        stored.messages().add(message);
        stored.conversation().setLatestMessage(message);
        stored.conversation().setDateUpdated(nextTimestamp());
        return message;
    }

    /** Closes a conversation, as an agent or the customer would. */
    public synchronized void closeConversation(String sessionId, String conversationId) {
        update(sessionId, conversationId, c -> c.setClosed(true));
    }

    /** Changes a conversation's fields and stamps its {@code date_updated}. */
    public synchronized void update(String sessionId, String conversationId, Consumer<Conversation> change) {
        Conversation c = stored(sessionId, conversationId).conversation();
        change.accept(c);
        c.setDateUpdated(nextTimestamp());
    }

    /** Removes a conversation from its session: it is no longer listed and its messages answer 404. */
    public synchronized void removeConversation(String sessionId, String conversationId) {
        Map<String, StoredConversation> session = sessions.get(sessionId);
        if (session == null || session.remove(conversationId) == null) {
            throw new IllegalArgumentException("No conversation " + conversationId + " in session " + sessionId);
        }
    }

    public synchronized List<String> sessionIds() {
        return List.copyOf(sessions.keySet());
    }

    public synchronized List<String> conversationIds(String sessionId) {
        return List.copyOf(sessions.getOrDefault(sessionId, Map.of()).keySet());
    }

    /** The messages of a conversation as the API would return them, oldest first. */
    public synchronized List<Message> messages(String sessionId, String conversationId) {
        return List.copyOf(stored(sessionId, conversationId).messages());
    }

    /** How many messages the whole data set holds. */
    public synchronized int messageCount() {
        return sessions.values().stream().flatMap(s -> s.values().stream()).mapToInt(c -> c.messages().size()).sum();
    }

    // ---- how it answers

    /** Answers conversation lists in the given shape; {@code pageSize} applies to {@link ListShape#PAGINATED}. */
    public synchronized void setListShape(ListShape shape, int pageSize) {
        this.listShape = Objects.requireNonNull(shape);
        this.pageSize = pageSize;
    }

    /** Answers the next request, whatever it is, with this status, content type and body, after checking the key. */
    public synchronized void respondNextWith(int status, String contentType, String body) {
        respondNextWith(path -> true, status, contentType, body);
    }

    /** Answers the next request whose raw path matches with this status, content type and body. */
    public synchronized void respondNextWith(Predicate<String> rawPath, int status, String contentType, String body) {
        respondNextWith(rawPath, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers the next request whose raw path matches with these bytes, which need not be valid UTF-8. */
    public synchronized void respondNextWith(Predicate<String> rawPath, int status, String contentType, byte[] body) {
        cannedResponses.add(new Canned(rawPath, new Response(status, contentType, body, Map.of())));
    }

    /** Injects {@code fault} into the next {@code times} requests that {@code target} matches. */
    public synchronized void injectFault(Fault fault, FaultTarget target, int times) {
        faultRules.add(new FaultRule(fault, target, path -> true, new int[] { times }));
    }

    /** Injects {@code fault} into the next {@code times} requests whose raw path matches, e.g. one conversation's. */
    public synchronized void injectFault(Fault fault, Predicate<String> rawPath, int times) {
        faultRules.add(new FaultRule(fault, FaultTarget.ANY, rawPath, new int[] { times }));
    }

    /** From now on, each request gets one of {@code faults} with this probability, drawn from a seeded random. */
    public synchronized void injectRandomFaults(long seed, double probability, List<Fault> faults) {
        faultRandom = new Random(seed);
        randomFaultProbability = probability;
        randomFaults = List.copyOf(faults);
    }

    /** No more faults: the rules left and the random faults are dropped. */
    public synchronized void clearFaults() {
        faultRules.clear();
        randomFaults = null;
    }

    /** Every answer waits this long first, as a distant API would. */
    public void setLatency(Duration latency) {
        this.latencyMillis = latency.toMillis();
    }

    /** How long a {@link Fault#HANG} holds the answer back; set it past the client's read timeout. */
    public void setHang(Duration hang) {
        this.hangMillis = hang.toMillis();
    }

    /** Lets every answer held back by a {@link Fault#HANG} go now, as the real one. */
    public void releaseHangs() {
        CountDownLatch released = hangs;
        hangs = new CountDownLatch(1);
        released.countDown();
    }

    /** Forgets the data set, the requests served, queued responses, faults and the list shape, as if newly started. */
    public synchronized void reset() {
        sessions.clear();
        cannedResponses.clear();
        faultRules.clear();
        randomFaults = null;
        latencyMillis = 0;
        requests.clear();
        listShape = ListShape.ARRAY;
        pageSize = 50;
    }

    /** The requests served so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        long received = System.nanoTime();
        String[] segments = pathSegments(rawPath);
        boolean messagesRequest = segments.length == 4;
        Fault fault = nextFault(rawPath, messagesRequest);
        Response response;
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            pause(latencyMillis);
            if (fault == Fault.REMOVED_BEFORE_MESSAGES) {
                removeIfPresent(segments[0], segments[2]);
            }
            response = fault == null || fault == Fault.REMOVED_BEFORE_MESSAGES
                    ? answer(exchange.getRequestMethod(), rawPath, segments, query, authorization)
                    : faulty(fault, answer(exchange.getRequestMethod(), rawPath, segments, query, authorization));
        } catch (RuntimeException e) {
            response = json(500, detail("Simulator error: " + e.getMessage()));
        }
        // recorded before the answer leaves, so a client that has its answer finds its request in the log
        requests.add(new RecordedRequest(exchange.getRequestMethod(), rawPath, query,
                segments.length > 0 ? segments[0] : null, segments.length > 2 ? segments[2] : null, authorization,
                fault == Fault.CONNECTION_RESET ? 0 : response.status(), fault, received, System.nanoTime()));
        if (fault == Fault.CONNECTION_RESET) {
            exchange.close(); // no status line: the client sees the connection end
            return;
        }
        if (fault == Fault.HANG) {
            try {
                hangs.await(hangMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = response.body();
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (a hang past its read timeout): nothing to answer
        }
    }

    private record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        Response(int status, String contentType, String body, Map<String, String> headers) {
            this(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        Response(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }

    private record Canned(Predicate<String> rawPath, Response response) {
    }

    private record FaultRule(Fault fault, FaultTarget target, Predicate<String> rawPath, int[] remaining) {
    }

    private static Response json(int status, String body) {
        return new Response(status, "application/json", body);
    }

    /** The answer a fault turns the real one into. */
    private Response faulty(Fault fault, Response real) {
        return switch (fault) {
            case RATE_LIMITED -> new Response(429, "application/json", detail("Request was throttled."),
                    Map.of("Retry-After", faultRandom().nextBoolean() ? "1"
                            : DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1))));
            case SERVER_ERROR -> json(List.of(500, 502, 503, 504).get(faultRandom().nextInt(4)), detail("Upstream failure."));
            case TRUNCATED_JSON -> new Response(200, "application/json",
                    Arrays.copyOf(real.body(), Math.max(1, real.body().length / 2)), Map.of());
            case MALFORMED_JSON -> json(200, "{\"conversations\": [{\"id\": conv, ]]");
            case HTML_BODY -> new Response(200, "text/html",
                    "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>");
            case UNAUTHORIZED -> json(401, detail("Invalid or missing API key."));
            default -> real; // CONNECTION_RESET and HANG act on the connection, not on the answer
        };
    }

    private synchronized Fault nextFault(String rawPath, boolean messagesRequest) {
        for (Iterator<FaultRule> it = faultRules.iterator(); it.hasNext();) {
            FaultRule rule = it.next();
            if (rule.target().matches(messagesRequest) && rule.rawPath().test(rawPath)
                && (rule.fault() != Fault.REMOVED_BEFORE_MESSAGES || messagesRequest)) {
                if (--rule.remaining()[0] <= 0) {
                    it.remove();
                }
                return rule.fault();
            }
        }
        if (randomFaults != null && faultRandom.nextDouble() < randomFaultProbability) {
            Fault fault = randomFaults.get(faultRandom.nextInt(randomFaults.size()));
            return fault == Fault.REMOVED_BEFORE_MESSAGES && !messagesRequest ? null : fault;
        }
        return null;
    }

    private synchronized Random faultRandom() {
        return faultRandom;
    }

    private synchronized void removeIfPresent(String sessionId, String conversationId) {
        Map<String, StoredConversation> session = sessions.get(sessionId);
        if (session != null) {
            session.remove(conversationId);
        }
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Response answer(String method, String rawPath, String[] segments, String query, String authorization)
            throws IOException {
        if (!("Bearer " + apiKey).equals(authorization)) {
            return json(401, detail("Invalid or missing API key."));
        }
        synchronized (this) {
            for (Iterator<Canned> it = cannedResponses.iterator(); it.hasNext();) {
                Canned canned = it.next();
                if (canned.rawPath().test(rawPath)) {
                    it.remove();
                    return canned.response();
                }
            }
        }
        if (!"GET".equals(method)) {
            return json(405, detail("Method not allowed."));
        }
        if (segments.length == 2 && "conversations".equals(segments[1])) {
            return json(200, conversationList(segments[0], query));
        }
        if (segments.length == 4 && "conversations".equals(segments[1]) && "messages".equals(segments[3])) {
            String body = conversationMessages(segments[0], segments[2]);
            return body == null ? json(404, detail("Conversation not found.")) : json(200, body);
        }
        return json(404, detail("Not found."));
    }

    private synchronized String conversationList(String sessionId, String query) throws IOException {
        Map<String, String> params = queryParameters(query);
        String closedParam = params.get("closed");
        List<Conversation> listed = sessions.getOrDefault(sessionId, Map.of()).values().stream()
                .map(StoredConversation::conversation)
                .filter(c -> closedParam == null
                             || Boolean.TRUE.equals(c.getClosed()) == TRUE_VALUES.contains(closedParam.toLowerCase(Locale.ROOT)))
                .toList();
        ArrayNode items = JSON.valueToTree(listed);
        switch (listShape) {
            case ARRAY:
                return JSON.writeValueAsString(items);
            case WRAPPED:
                return JSON.writeValueAsString(JSON.createObjectNode().set("conversations", items));
            default:
                int page = Math.max(1, Integer.parseInt(params.getOrDefault("page", "1")));
                int from = Math.min(items.size(), (page - 1) * pageSize);
                int to = Math.min(items.size(), from + pageSize);
                ObjectNode body = JSON.createObjectNode();
                body.put("count", items.size());
                body.put("next", to < items.size() ? pageUrl(sessionId, closedParam, page + 1) : null);
                body.put("previous", page > 1 ? pageUrl(sessionId, closedParam, page - 1) : null);
                ArrayNode results = body.putArray("results");
                for (int i = from; i < to; i++) {
                    results.add(items.get(i));
                }
                return JSON.writeValueAsString(body);
        }
    }

    private String pageUrl(String sessionId, String closedParam, int page) {
        return baseUrl() + PREFIX + EusatePaths.segment("sessionId", sessionId)
               + "/conversations/?page=" + page + (closedParam == null ? "" : "&closed=" + closedParam);
    }

    private synchronized String conversationMessages(String sessionId, String conversationId) throws IOException {
        StoredConversation stored = sessions.getOrDefault(sessionId, Map.of()).get(conversationId);
        if (stored == null) {
            return null;
        }
        ConversationMessages body = JSON.convertValue(stored.conversation(), ConversationMessages.class);
        body.setTicketSlug(null);
        body.setLatestMessage(null);
        body.setMessages(new ArrayList<>(stored.messages()));
        ObjectNode node = JSON.valueToTree(body);
        // the messages endpoint carries neither ticket_slug nor latest_message
        node.remove("ticket_slug");
        node.remove("latest_message");
        return JSON.writeValueAsString(node);
    }

    private StoredConversation stored(String sessionId, String conversationId) {
        StoredConversation stored = sessions.getOrDefault(sessionId, Map.of()).get(conversationId);
        if (stored == null) {
            throw new IllegalArgumentException("No conversation " + conversationId + " in session " + sessionId);
        }
        return stored;
    }

    /** Timestamps strictly increase, so the order of changes is the order of their stamps. */
    private OffsetDateTime nextTimestamp() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        lastTimestamp = now.isAfter(lastTimestamp) ? now : lastTimestamp.plus(1, ChronoUnit.MICROS);
        return lastTimestamp;
    }

    private static String detail(String text) {
        return JSON.createObjectNode().put("detail", text).toString();
    }

    /** The decoded segments after the customer prefix: session, "conversations", conversation, "messages". */
    private static String[] pathSegments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(PREFIX)) {
            return new String[0];
        }
        String rest = rawPath.substring(PREFIX.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return Arrays.stream(rest.split("/", -1)).map(EusatePaths::decodeSegment).toArray(String[]::new);
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(EusatePaths.decodeSegment(eq < 0 ? pair : pair.substring(0, eq)),
                        eq < 0 ? "" : EusatePaths.decodeSegment(pair.substring(eq + 1)));
            }
        }
        return params;
    }
}
