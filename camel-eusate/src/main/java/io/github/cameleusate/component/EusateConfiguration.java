package io.github.cameleusate.component;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.github.cameleusate.client.EusatePaths;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Configurer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The options of the eusate component and its endpoints. Set on the component (for example
 * {@code camel.component.eusate.api-key}), an option is the default of every endpoint, which can override it.
 */
@UriParams
@Configurer
public class EusateConfiguration implements Cloneable {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile(
            "127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    public static final String DEFAULT_BASE_URL = "https://api.eusate.com";
    /** The exchanges in flight when maxExchangesInFlight is 0 (at least twice concurrency). */
    static final int DEFAULT_EXCHANGES_IN_FLIGHT = 256;

    @UriParam(label = "common", defaultValue = DEFAULT_BASE_URL)
    private String baseUrl = DEFAULT_BASE_URL;
    @UriParam(label = "security", secret = true)
    private String apiKey;
    @UriParam(label = "common")
    private String sessionId;
    @UriParam(label = "common")
    private String conversationId;
    @UriParam(label = "common")
    private Boolean closed;
    @UriParam(label = "timeout", defaultValue = "10s", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;
    @UriParam(label = "timeout", defaultValue = "30s", javaType = "java.time.Duration")
    private long readTimeout = 30_000;
    @UriParam(label = "timeout", defaultValue = "60s", javaType = "java.time.Duration")
    private long requestTimeout = 60_000;
    @UriParam(label = "proxy")
    private String proxyHost;
    @UriParam(label = "proxy")
    private Integer proxyPort;
    @UriParam(label = "security")
    @Metadata(autowired = false)
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "consumer")
    private String sessionIds;
    @UriParam(label = "consumer")
    @Metadata(autowired = false)
    private EusateSessionSource sessionSource;
    @UriParam(label = "consumer", defaultValue = "1")
    private int shardCount = 1;
    @UriParam(label = "consumer", defaultValue = "0")
    private int shardIndex;
    @UriParam(label = "consumer", defaultValue = "beginning")
    private EusateStartFrom startFrom = EusateStartFrom.beginning;
    @UriParam(label = "consumer", defaultValue = "4")
    private int concurrency = 4;
    @UriParam(label = "consumer", defaultValue = "0")
    private int maxExchangesInFlight;
    @UriParam(label = "consumer")
    @Metadata(autowired = false)
    private StateRepository<String, String> stateRepository;
    @UriParam(label = "consumer")
    private int maxMessagesPerPoll;
    @UriParam(label = "consumer")
    private String stateId;
    @UriParam(label = "consumer", defaultValue = "2")
    private int removalConfirmations = 2;
    @UriParam(label = "consumer", defaultValue = "10m", javaType = "java.time.Duration")
    private long lateArrivalWindow = 600_000;
    @UriParam(label = "consumer,advanced", defaultValue = "10s", javaType = "java.time.Duration")
    private long progressInterval = 10_000;
    @UriParam(label = "advanced", defaultValue = "3")
    private int maxRetries = 3;
    @UriParam(label = "advanced", defaultValue = "500", javaType = "java.time.Duration")
    private long retryDelay = 500;
    @UriParam(label = "advanced", defaultValue = "30s", javaType = "java.time.Duration")
    private long maxRetryDelay = 30_000;
    @UriParam(label = "advanced", defaultValue = "20")
    private double maxRequestsPerSecond = 20;
    @UriParam(label = "advanced", defaultValue = "33554432")
    private int maxResponseSize = 32 * 1024 * 1024;
    @UriParam(label = "advanced", defaultValue = "1000")
    private int maxPages = 1000;
    @UriParam(label = "security", defaultValue = "false")
    private boolean allowInsecureHttp;

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * The Eusate API's base URL, scheme and host with an optional path prefix; point it at a proxy or at the
     * built-in simulator.
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getApiKey() {
        return apiKey;
    }

    /**
     * The API key, sent as the Authorization: Bearer header. Usually set once for the whole component as
     * camel.component.eusate.api-key. It is never logged nor put in an exception.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getSessionId() {
        return sessionId;
    }

    /**
     * The customer session whose conversations are listed. On a producer, a CamelEusateSessionId header or a
     * conversation in the body takes precedence; a consumer polls it together with sessionIds.
     */
    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getConversationId() {
        return conversationId;
    }

    /**
     * The conversation whose messages are listed. A CamelEusateConversationId header, or a conversation in the
     * body, takes precedence.
     */
    public void setConversationId(String conversationId) {
        this.conversationId = conversationId;
    }

    public Boolean getClosed() {
        return closed;
    }

    /** Lists only closed (true) or only open (false) conversations; unset lists all. */
    public void setClosed(Boolean closed) {
        this.closed = closed;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /** How long to wait for a connection to the API. */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    /**
     * How long to wait for the API's response once the request is sent, and at most between two reads of its body. A
     * connection from the pool and a TLS handshake are waited for no longer than connectTimeout.
     */
    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public long getRequestTimeout() {
        return requestTimeout;
    }

    /**
     * The longest one request may take, from its start to the last byte of its body: an answer that trickles is
     * aborted then. A request aborted at its deadline is not retried in the same poll: it fails only its session or
     * conversation, which the next poll asks for again.
     */
    public void setRequestTimeout(long requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public String getProxyHost() {
        return proxyHost;
    }

    /** An HTTP proxy to reach the API through; proxyPort must be set with it. */
    public void setProxyHost(String proxyHost) {
        this.proxyHost = proxyHost;
    }

    public Integer getProxyPort() {
        return proxyPort;
    }

    /** The port of the HTTP proxy. */
    public void setProxyPort(Integer proxyPort) {
        this.proxyPort = proxyPort;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /** TLS settings (trust store, protocols) for the connection to the API; the JVM's defaults when unset. */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public String getSessionIds() {
        return sessionIds;
    }

    /**
     * The customer sessions a consumer polls, comma-separated. The option sessionId, when set, is polled as well.
     */
    public void setSessionIds(String sessionIds) {
        this.sessionIds = sessionIds;
    }

    public EusateSessionSource getSessionSource() {
        return sessionSource;
    }

    /**
     * A bean that supplies the sessions a consumer polls, asked at every poll (for example from a database table), so
     * sessions are added and retired without a restart; polled together with sessionIds and sessionId. Use it for
     * more than a few dozen sessions: Camel handles endpoint URIs of that size poorly.
     */
    public void setSessionSource(EusateSessionSource sessionSource) {
        this.sessionSource = sessionSource;
    }

    public int getShardCount() {
        return shardCount;
    }

    /**
     * Into how many shards the sessions are split (by the CRC-32 of the session id, modulo shardCount): a consumer polls
     * only the sessions of its shardIndex. With one consumer route per shard, each wrapped in Camel's master: endpoint,
     * several instances share the sessions.
     */
    public void setShardCount(int shardCount) {
        this.shardCount = shardCount;
    }

    public int getShardIndex() {
        return shardIndex;
    }

    /** The shard, from 0 to shardCount - 1, whose sessions a consumer polls. */
    public void setShardIndex(int shardIndex) {
        this.shardIndex = shardIndex;
    }

    /** The sessions a consumer polls as configured in the URI: sessionIds and sessionId, without duplicates, in order. */
    public List<String> sessionIdList() {
        Set<String> ids = new LinkedHashSet<>();
        if (sessionIds != null) {
            Arrays.stream(sessionIds.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
        }
        if (sessionId != null) {
            ids.add(sessionId);
        }
        return List.copyOf(ids);
    }

    public EusateStartFrom getStartFrom() {
        return startFrom;
    }

    /**
     * Where a consumer starts in a session it has no state for: beginning delivers everything already there, now
     * delivers only what appears after its first poll.
     */
    public void setStartFrom(EusateStartFrom startFrom) {
        this.startFrom = startFrom;
    }

    public int getConcurrency() {
        return concurrency;
    }

    /**
     * How many requests to the API (session lists and message fetches) a consumer's poll has in flight at once. The
     * exchanges in flight have their own bound, maxExchangesInFlight.
     */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public int getMaxExchangesInFlight() {
        return maxExchangesInFlight;
    }

    /**
     * How many exchanges a consumer's poll has in flight at once, each from a different conversation (for the
     * conversations consumer: session). 0, the default: 256 (at least twice concurrency) on concurrency delivery
     * threads, so that a sink that completes asynchronously (a Kafka producer with acks=all) overlaps many more records
     * than there are requests to the API and its producer batches them, while one that blocks its thread (JDBC, HTTP)
     * has concurrency exchanges at once, not more writers than requests. Set, it runs that many exchanges on as many
     * delivery threads. A conversation's messages are still delivered one at a time, oldest first.
     */
    public void setMaxExchangesInFlight(int maxExchangesInFlight) {
        this.maxExchangesInFlight = maxExchangesInFlight;
    }

    /** maxExchangesInFlight, with its default resolved. */
    public int exchangesInFlight() {
        return maxExchangesInFlight == 0 ? Math.max(DEFAULT_EXCHANGES_IN_FLIGHT, 2 * concurrency) : maxExchangesInFlight;
    }

    /** How many threads deliver the exchanges in flight: maxExchangesInFlight when set, else concurrency. */
    public int deliveryThreads() {
        return maxExchangesInFlight == 0 ? concurrency : maxExchangesInFlight;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where a consumer keeps what it has delivered (one small entry per conversation), such as a FileStateRepository.
     * Without one, the state is in memory and a restart delivers everything again.
     */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public long getProgressInterval() {
        return progressInterval;
    }

    /**
     * How often a consumer's poll that runs longer logs a progress line (sessions listed, conversations fetched,
     * exchanges delivered, the estimated time left), such as an initial sync of thousands of sessions; 0: never. The
     * gauge eusate_poll_progress shows the same, updated every second.
     */
    public void setProgressInterval(long progressInterval) {
        this.progressInterval = progressInterval;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    /**
     * The most exchanges a consumer emits in one poll (0 for no limit). The rest is left, undelivered and uncommitted,
     * for the next poll.
     */
    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }

    public String getStateId() {
        return stateId;
    }

    /**
     * The name under which a consumer keeps its state in the state repository. Two consumers of the same operation and
     * session that share a repository must have different stateIds, or they share one position (each change goes to
     * only one of them). Unset, the consumer uses the operation's name.
     */
    public void setStateId(String stateId) {
        this.stateId = stateId;
    }

    public int getRemovalConfirmations() {
        return removalConfirmations;
    }

    /**
     * How many complete listings of its session in a row, in different polls, a conversation must be missing from before
     * the conversations consumer reports it REMOVED, so that a list the API answers empty or shifted by mistake removes
     * nothing. A paginated list whose count changed, or that repeated an id, while its pages were read is not complete.
     * The messages consumer then removes the conversation's cursor from its state, and both consumers remove a session's
     * state once the sessionSource did not give it in as many polls in a row.
     */
    public void setRemovalConfirmations(int removalConfirmations) {
        this.removalConfirmations = removalConfirmations;
    }

    public long getLateArrivalWindow() {
        return lateArrivalWindow;
    }

    /**
     * How late the messages consumer still delivers a message that becomes visible after later ones (written
     * concurrently, or served by a lagging replica): once, if its date_created is at most this far behind the newest
     * message delivered in its conversation. A conversation is fetched again, at growing intervals, until its latest
     * activity is this old, even when its listing does not change. 0 turns this off: only what the listing announces is
     * fetched, and a message older than the newest delivered one is not delivered.
     */
    public void setLateArrivalWindow(long lateArrivalWindow) {
        this.lateArrivalWindow = lateArrivalWindow;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * How often a GET is tried again after a connection error, a timeout, or HTTP 429, 500, 502, 503 or 504 (never
     * after 400, 401, 403 or 404). 0 turns retries off.
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    /** The wait before the first retry; it doubles for each further one, with jitter, up to maxRetryDelay. */
    public void setRetryDelay(long retryDelay) {
        this.retryDelay = retryDelay;
    }

    public long getMaxRetryDelay() {
        return maxRetryDelay;
    }

    /** The longest wait between retries, also for a Retry-After header asking for more. */
    public void setMaxRetryDelay(long maxRetryDelay) {
        this.maxRetryDelay = maxRetryDelay;
    }

    public double getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    /**
     * The most requests per second to the API, shared by every endpoint of the component that uses the same API key,
     * so a backfill or catch-up burst does not trip the API's rate limit. 0 does not pace.
     */
    public void setMaxRequestsPerSecond(double maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public int getMaxResponseSize() {
        return maxResponseSize;
    }

    /** The largest response body read, in bytes; a larger one fails the request instead of filling the heap. */
    public void setMaxResponseSize(int maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    public int getMaxPages() {
        return maxPages;
    }

    /**
     * The most pages of one paginated conversation list that are followed: a list with more fails, naming this option,
     * instead of being read without end. The session fails (and is backed off) until the option is raised.
     */
    public void setMaxPages(int maxPages) {
        this.maxPages = maxPages;
    }

    public boolean isAllowInsecureHttp() {
        return allowInsecureHttp;
    }

    /**
     * Allows a plain http:// baseUrl on a host other than the loopback interface, which sends the API key unencrypted.
     */
    public void setAllowInsecureHttp(boolean allowInsecureHttp) {
        this.allowInsecureHttp = allowInsecureHttp;
    }

    /**
     * Checks every option at once, before anything is built from them.
     *
     * @throws IllegalArgumentException naming the first option that is wrong, with its value
     */
    public void validate() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("No apiKey for the Eusate API: set camel.component.eusate.api-key"
                                               + " (or the endpoint option apiKey)");
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (proxyHost != null && (proxyPort == null || proxyPort < 1 || proxyPort > 65535)) {
            throw new IllegalArgumentException("Option proxyPort must be a port between 1 and 65535 when proxyHost is set,"
                                               + " got " + proxyPort);
        }
        requireAtLeast("maxRetries", maxRetries, 0);
        requirePositive("retryDelay", retryDelay);
        requirePositive("maxRetryDelay", maxRetryDelay);
        if (maxRequestsPerSecond < 0) {
            throw new IllegalArgumentException("Option maxRequestsPerSecond must be 0 (no pacing) or more, got "
                                               + maxRequestsPerSecond);
        }
        requireAtLeast("maxResponseSize", maxResponseSize, 1024);
        requireAtLeast("maxPages", maxPages, 1);
        requireAtLeast("concurrency", concurrency, 1);
        requireAtLeast("maxExchangesInFlight", maxExchangesInFlight, 0);
        requireAtLeast("maxMessagesPerPoll", maxMessagesPerPoll, 0);
        requireAtLeast("removalConfirmations", removalConfirmations, 1);
        requireAtLeast("lateArrivalWindow", lateArrivalWindow, 0);
        requireAtLeast("progressInterval", progressInterval, 0);
        if (shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
            throw new IllegalArgumentException("Options shardIndex and shardCount must satisfy 0 <= shardIndex < shardCount,"
                                               + " got shardIndex " + shardIndex + " and shardCount " + shardCount);
        }
        sessionIdList().forEach(id -> EusatePaths.requireValidId("sessionId", id));
        URI uri = baseUri();
        if ("http".equalsIgnoreCase(uri.getScheme()) && !isLoopback(uri.getHost()) && !allowInsecureHttp) {
            throw new IllegalArgumentException("Invalid option baseUrl '" + baseUrl + "': plain http:// would send the"
                                               + " API key unencrypted to " + uri.getHost()
                                               + "; use https://, or set allowInsecureHttp=true");
        }
    }

    /** {@code localhost}, a literal 127.0.0.0/8 address or {@code ::1}; no name is looked up. */
    static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equalsIgnoreCase("localhost") || IPV4_LOOPBACK.matcher(h).matches() || h.equals("::1")
               || h.equals("0:0:0:0:0:0:0:1");
    }

    /**
     * The parsed {@code baseUrl}.
     *
     * @throws IllegalArgumentException naming the option and its value when it is not an http(s) URL with a host
     */
    public URI baseUri() {
        return baseUrl(baseUrl);
    }

    private static URI baseUrl(String value) {
        String problem = null;
        URI uri = null;
        try {
            uri = value == null ? null : new URI(value.trim());
        } catch (URISyntaxException e) {
            problem = e.getReason();
        }
        if (uri != null) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                problem = "it must start with https:// or http://";
            } else if (uri.getHost() == null) {
                problem = "it has no host";
            } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problem = "it may not have a query or a fragment";
            }
        }
        if (uri == null || problem != null) {
            throw new IllegalArgumentException("Invalid option baseUrl '" + value + "': "
                                               + (problem == null ? "it is required" : problem));
        }
        return uri;
    }


    private static void requirePositive(String option, long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("Option " + option + " must be positive, got " + millis + " ms");
        }
    }

    private static void requireAtLeast(String option, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException("Option " + option + " must be " + least + " or more, got " + value);
        }
    }

    public EusateConfiguration copy() {
        try {
            return (EusateConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    @Override
    public String toString() {
        return "EusateConfiguration[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "<none>" : "<hidden>")
               + ", sessionId=" + sessionId + ", sessionIds=" + sessionIds + ", conversationId=" + conversationId + ", closed="
               + closed + "]";
    }
}
