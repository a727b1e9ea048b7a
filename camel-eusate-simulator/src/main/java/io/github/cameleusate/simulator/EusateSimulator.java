package io.github.cameleusate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The Eusate Helpdesk API's two customer-session endpoints, served over real HTTP on a loopback port from an in-memory
 * data set that code seeds, changes while it runs, and inspects through the log of requests served. It checks
 * {@code Authorization: Bearer <key>} like the API does. Thread-safe.
 */
public final class EusateSimulator implements AutoCloseable {

    private static final String PREFIX = "/api/v1/helpdesk/customer/";
    private static final Set<String> TRUE_VALUES = Set.of("true", "t", "yes", "1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Map<String, SimulatedConversation>> sessions = new LinkedHashMap<>();
    private final Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
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
    private volatile long trickleMillis = 500;
    private volatile CountDownLatch hangs = new CountDownLatch(1);

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
    public synchronized SimulatedConversation addConversation(String sessionId, String conversationId) {
        SimulatedConversation c = new SimulatedConversation(conversationId, nextTimestamp());
        sessions.computeIfAbsent(sessionId, s -> new LinkedHashMap<>()).put(conversationId, c);
        return c;
    }

    /** Adds a text message with a new id, stamped now, as the conversation's latest. */
    public synchronized SimulatedMessage addMessage(String sessionId, String conversationId, String sender, String text) {
        return add(sessionId, conversationId, sender, text, null);
    }

    /** Adds a message carrying an attachment (its text empty), as the conversation's latest. */
    public synchronized SimulatedMessage addAttachment(String sessionId, String conversationId, String sender,
                                                       SimulatedMessage.Attachment attachment) {
        return add(sessionId, conversationId, sender, "", Objects.requireNonNull(attachment, "attachment"));
    }

    private SimulatedMessage add(String sessionId, String conversationId, String sender, String text,
                                 SimulatedMessage.Attachment attachment) {
        SimulatedConversation conversation = stored(sessionId, conversationId);
        OffsetDateTime created = nextTimestamp();
        SimulatedMessage message = new SimulatedMessage("msg-" + ids.incrementAndGet(), created, created, text, sender,
                attachment, conversationId);
        conversation.add(message);
        conversation.setDateUpdated(nextTimestamp());
        return message;
    }

    /**
     * A message that becomes visible only now although it was created at {@code created} (null: a message without
     * {@code date_created} nor {@code date_updated}), as concurrent writers or a lagging replica make it appear: it is
     * inserted among the messages by its date, and the conversation's {@code date_updated} and {@code latest_message}
     * stay as they were, so its listing does not change.
     */
    public synchronized SimulatedMessage addLateMessage(String sessionId, String conversationId, String sender, String text,
                                                        OffsetDateTime created) {
        SimulatedMessage message = new SimulatedMessage("msg-" + ids.incrementAndGet(), created, created, text, sender,
                null, conversationId);
        stored(sessionId, conversationId).insertLate(message);
        return message;
    }

    /** Closes a conversation, as an agent or the customer would. */
    public synchronized void closeConversation(String sessionId, String conversationId) {
        update(sessionId, conversationId, c -> c.setClosed(true));
    }

    /** Changes a conversation's fields and stamps its {@code date_updated}. */
    public synchronized void update(String sessionId, String conversationId, Consumer<SimulatedConversation> change) {
        SimulatedConversation c = stored(sessionId, conversationId);
        change.accept(c);
        c.setDateUpdated(nextTimestamp());
    }

    /** Removes a conversation from its session: it is no longer listed and its messages answer 404. */
    public synchronized void removeConversation(String sessionId, String conversationId) {
        Map<String, SimulatedConversation> session = sessions.get(sessionId);
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
    public synchronized List<SimulatedMessage> messages(String sessionId, String conversationId) {
        return stored(sessionId, conversationId).getMessages();
    }

    /** How many messages the whole data set holds. */
    public synchronized int messageCount() {
        return sessions.values().stream().flatMap(s -> s.values().stream()).mapToInt(SimulatedConversation::messageCount)
                .sum();
    }

    /**
     * Writes the data set to {@code file} (atomically: a reader sees the old file or the new one), as JSON: per session
     * its conversations in the API's JSON, each with its messages. {@link #restore} reads it back.
     */
    public synchronized void save(Path file) throws IOException {
        ObjectNode data = JSON.createObjectNode();
        data.put("last_id", ids.get());
        data.put("last_timestamp", timestamp(lastTimestamp));
        ObjectNode saved = data.putObject("sessions");
        sessions.forEach((sessionId, conversations) -> {
            ArrayNode list = saved.putArray(sessionId);
            conversations.values().forEach(c -> {
                ObjectNode conversation = conversationJson(c, true);
                conversation.remove("latest_message");
                c.getMessages().forEach(m -> conversation.withArray("messages").add(messageJson(m)));
                list.add(conversation);
            });
        });
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path written = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        JSON.writeValue(written.toFile(), data);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Replaces the data set with the one {@link #save} wrote to {@code file}; message ids and timestamps go on from
     * where it ended, so nothing added later repeats an id or goes back in time.
     */
    public synchronized void restore(Path file) throws IOException {
        JsonNode data = JSON.readTree(file.toFile());
        sessions.clear();
        data.path("sessions").fields().forEachRemaining(session -> {
            Map<String, SimulatedConversation> conversations = sessions.computeIfAbsent(session.getKey(),
                    s -> new LinkedHashMap<>());
            for (JsonNode c : session.getValue()) {
                SimulatedConversation conversation = new SimulatedConversation(text(c, "id"),
                        OffsetDateTime.parse(text(c, "date_created")));
                c.path("messages").forEach(m -> conversation.add(message(m)));
                conversation.setClosed(c.path("closed").asBoolean());
                conversation.setCloseSupport(c.path("close_support").asBoolean());
                conversation.setReadByCustomer(c.path("read_by_customer").asBoolean());
                conversation.setReadByAgent(c.path("read_by_agent").asBoolean());
                conversation.setResponder(text(c, "responder"));
                conversation.setTicket(text(c, "ticket"));
                conversation.setTicketSlug(text(c, "ticket_slug"));
                conversation.setDateUpdated(OffsetDateTime.parse(text(c, "date_updated")));
                conversations.put(conversation.getId(), conversation);
            }
        });
        ids.set(data.path("last_id").asLong());
        lastTimestamp = OffsetDateTime.parse(text(data, "last_timestamp"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static OffsetDateTime dateTime(String text) {
        return text == null ? null : OffsetDateTime.parse(text);
    }

    private static SimulatedMessage message(JsonNode m) {
        JsonNode a = m.path("attachment_metadata");
        SimulatedMessage.Attachment attachment = a.isObject() ? new SimulatedMessage.Attachment(text(a, "url"),
                text(a, "name"), a.path("size_kb").decimalValue(), text(a, "extension")) : null;
        return new SimulatedMessage(text(m, "id"), dateTime(text(m, "date_created")),
                dateTime(text(m, "date_updated")), text(m, "message"),
                text(m, "sender"), attachment, text(m, "ticket_chat"));
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

    /** How long a {@link Fault#TRICKLE} waits before each byte of the body. */
    public void setTrickle(Duration interval) {
        this.trickleMillis = interval.toMillis();
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
            Response real = answer(exchange.getRequestMethod(), rawPath, segments, query, authorization, fault);
            response = fault == null ? real : faulty(fault, real);
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
            if (fault == Fault.TRICKLE) {
                for (byte b : bytes) {
                    pause(trickleMillis);
                    out.write(b);
                    out.flush();
                }
            } else {
                out.write(bytes);
            }
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
            // CONNECTION_RESET, HANG and TRICKLE act on the connection; the others on the data
            default -> real;
        };
    }

    private synchronized Fault nextFault(String rawPath, boolean messagesRequest) {
        for (Iterator<FaultRule> it = faultRules.iterator(); it.hasNext();) {
            FaultRule rule = it.next();
            if (rule.target().matches(messagesRequest) && rule.rawPath().test(rawPath)
                && (!rule.fault().isMessagesOnly() || messagesRequest)) {
                if (--rule.remaining()[0] <= 0) {
                    it.remove();
                }
                return rule.fault();
            }
        }
        if (randomFaults != null && faultRandom.nextDouble() < randomFaultProbability) {
            Fault fault = randomFaults.get(faultRandom.nextInt(randomFaults.size()));
            return fault.isMessagesOnly() && !messagesRequest ? null : fault;
        }
        return null;
    }

    private synchronized Random faultRandom() {
        return faultRandom;
    }

    private synchronized void removeIfPresent(String sessionId, String conversationId) {
        Map<String, SimulatedConversation> session = sessions.get(sessionId);
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

    private Response answer(String method, String rawPath, String[] segments, String query, String authorization, Fault fault)
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
        // the answer is taken from the data set under the lock and written outside it: requests made at once are
        // answered at once, as by a real API, not one after another
        if (segments.length == 2 && "conversations".equals(segments[1])) {
            return json(200, JSON.writeValueAsString(conversationList(segments[0], query, fault == Fault.SHIFTED_PAGE)));
        }
        if (segments.length == 4 && "conversations".equals(segments[1]) && "messages".equals(segments[3])) {
            JsonNode body = conversationMessages(segments[0], segments[2], fault == Fault.STALE_MESSAGES);
            return body == null ? json(404, detail("Conversation not found.")) : json(200, JSON.writeValueAsString(body));
        }
        return json(404, detail("Not found."));
    }

    private synchronized JsonNode conversationList(String sessionId, String query, boolean shifted) {
        Map<String, String> params = queryParameters(query);
        String closedParam = params.get("closed");
        ArrayNode items = JSON.createArrayNode();
        sessions.getOrDefault(sessionId, Map.of()).values().stream()
                .filter(c -> closedParam == null
                             || c.isClosed() == TRUE_VALUES.contains(closedParam.toLowerCase(Locale.ROOT)))
                .forEach(c -> items.add(conversationJson(c, true)));
        switch (listShape) {
            case ARRAY:
                return items;
            case WRAPPED:
                return JSON.createObjectNode().set("conversations", items);
            default:
                int page = Math.max(1, Integer.parseInt(params.getOrDefault("page", "1")));
                if (shifted && page > 1 && !items.isEmpty()) {
                    items.remove(0);
                }
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
                return body;
        }
    }

    private String pageUrl(String sessionId, String closedParam, int page) {
        return baseUrl() + PREFIX + URLEncoder.encode(sessionId, StandardCharsets.UTF_8).replace("+", "%20")
               + "/conversations/?page=" + page + (closedParam == null ? "" : "&closed=" + closedParam);
    }

    /**
     * The messages answer: the conversation's fields (without ticket_slug and latest_message, as the API sends them) and
     * its messages; with {@code stale}, without the latest message, as a replica lagging behind would answer.
     */
    private synchronized JsonNode conversationMessages(String sessionId, String conversationId, boolean stale) {
        SimulatedConversation conversation = sessions.getOrDefault(sessionId, Map.of()).get(conversationId);
        if (conversation == null) {
            return null;
        }
        ObjectNode body = conversationJson(conversation, false);
        ArrayNode messages = body.putArray("messages");
        List<SimulatedMessage> all = conversation.getMessages();
        all.subList(0, stale && !all.isEmpty() ? all.size() - 1 : all.size()).forEach(m -> messages.add(messageJson(m)));
        return body;
    }

    /** A conversation in the API's JSON: as listed (with ticket_slug and latest_message), or as the messages answer's head. */
    private static ObjectNode conversationJson(SimulatedConversation c, boolean listed) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", c.getId());
        node.put("date_created", timestamp(c.getDateCreated()));
        node.put("date_updated", timestamp(c.getDateUpdated()));
        node.put("closed", c.isClosed());
        node.put("close_support", c.isCloseSupport());
        node.put("read_by_customer", c.isReadByCustomer());
        node.put("read_by_agent", c.isReadByAgent());
        node.put("responder", c.getResponder());
        node.put("ticket", c.getTicket());
        if (listed) {
            node.put("ticket_slug", c.getTicketSlug());
            SimulatedMessage latest = c.getLatestMessage();
            node.set("latest_message", latest == null ? null : messageJson(latest));
        }
        return node;
    }

    private static ObjectNode messageJson(SimulatedMessage m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", m.id());
        node.put("date_created", timestamp(m.dateCreated()));
        node.put("date_updated", timestamp(m.dateUpdated()));
        node.put("message", m.text());
        node.put("sender", m.sender());
        node.put("is_attachment", m.attachment() != null);
        if (m.attachment() == null) {
            node.putNull("attachment_metadata");
        } else {
            ObjectNode attachment = node.putObject("attachment_metadata");
            attachment.put("url", m.attachment().url());
            attachment.put("name", m.attachment().name());
            attachment.put("size_kb", m.attachment().sizeKb());
            attachment.put("extension", m.attachment().extension());
        }
        node.put("ticket_chat", m.conversationId());
        return node;
    }

    private static String timestamp(OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    private SimulatedConversation stored(String sessionId, String conversationId) {
        SimulatedConversation stored = sessions.getOrDefault(sessionId, Map.of()).get(conversationId);
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
        return Arrays.stream(rest.split("/", -1)).map(EusateSimulator::decode).toArray(String[]::new);
    }

    private static Map<String, String> queryParameters(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    /** A percent-encoded path segment or query part; a '+' is taken literally, as in a path. */
    private static String decode(String encoded) {
        return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
