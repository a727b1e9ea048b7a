package io.github.cameleusate.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.cameleusate.model.Conversation;
import io.github.cameleusate.model.ConversationMessages;
import io.github.cameleusate.model.Message;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link EusateClient} over Apache HttpClient 5. The connection manager is shared (the component owns and closes it);
 * this client only holds per-endpoint settings. Redirects are not followed, so the API key is never sent to another
 * origin.
 */
public class HttpEusateClient implements EusateClient {

    private static final int BODY_EXCERPT_BYTES = 200;
    private static final String USER_AGENT = "camel-eusate";

    private static final Logger LOG = LoggerFactory.getLogger(HttpEusateClient.class);
    private static final String WIRE_LOG = "org.apache.hc.client5.http.wire";

    private final EusateClientSettings settings;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines;

    @SuppressWarnings("deprecation") // the connect timeout is per endpoint while the connection manager is shared
    /** @param deadlines where each request's {@code requestTimeout} is scheduled; shared, owned by the caller */
    public HttpEusateClient(EusateClientSettings settings, HttpClientConnectionManager connectionManager,
                            ScheduledExecutorService deadlines) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
        if (LoggerFactory.getLogger(WIRE_LOG).isDebugEnabled()) {
            // the wire log writes every byte sent, the Authorization header included; no API key goes to a log
            throw new IllegalStateException("HTTP wire logging (" + WIRE_LOG + " at DEBUG) would write the Eusate API"
                                            + " key to the log: set that category to INFO or above");
        }
        RequestConfig requestConfig = RequestConfig.custom()
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setResponseTimeout(Timeout.of(settings.readTimeout()))
                .setRedirectsEnabled(false)
                .build();
        var builder = HttpClients.custom()
                .setConnectionManager(connectionManager)
                .setConnectionManagerShared(true)
                .setDefaultRequestConfig(requestConfig)
                .disableRedirectHandling()
                // retries are the component's decision, not the HTTP client's (which would retry 429 and 503 once)
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(USER_AGENT);
        if (settings.proxyHost() != null) {
            builder.setProxy(new HttpHost(settings.proxyHost(), settings.proxyPort()));
        }
        this.http = builder.build();
    }

    @Override
    public ConversationListing listConversations(String sessionId, Boolean closed) {
        String query = closed == null ? "" : "?closed=" + closed;
        URI url = resolve(EusatePaths.conversations(sessionId) + query);
        // by id, in list order; a conversation listed again (its page shifted) keeps its first place, its later version
        Map<String, Conversation> conversations = new LinkedHashMap<>();
        Set<URI> seen = new HashSet<>();
        String incomplete = null;
        Long lastCount = null;
        while (url != null) {
            if (!seen.add(url)) {
                throw invalidResponse(200, url, "pagination link repeats a page already read", null, null);
            }
            if (seen.size() > settings.maxPages()) {
                throw new EusateApiException("The conversation list of session " + sessionId + " has more than "
                                             + settings.maxPages() + " pages (option maxPages, got "
                                             + settings.maxPages() + "): not read further; raise maxPages to read it",
                        200, "GET", url.getRawPath(), null, null);
            }
            URI page = url;
            EusateJson.ConversationPage result = get("conversations", page, EusateJson::readConversationPage);
            for (Conversation conversation : result.conversations()) {
                conversation.setSessionId(sessionId);
                if (conversations.put(conversation.getId(), conversation) != null && incomplete == null) {
                    incomplete = "conversation " + conversation.getId() + " was listed twice";
                }
            }
            if (result.count() != null) {
                if (lastCount != null && !lastCount.equals(result.count()) && incomplete == null) {
                    incomplete = "its count changed from " + lastCount + " to " + result.count() + " between pages";
                }
                lastCount = result.count();
            }
            url = result.next() == null || result.next().isBlank() ? null : sameOrigin(page, result.next());
        }
        if (incomplete == null && lastCount != null && lastCount != conversations.size()) {
            incomplete = "it counted " + lastCount + " conversations but " + conversations.size() + " came";
        }
        return new ConversationListing(new ArrayList<>(conversations.values()), incomplete);
    }

    @Override
    public ConversationMessages listMessages(String sessionId, String conversationId) {
        ConversationMessages result = get("messages", resolve(EusatePaths.messages(sessionId, conversationId)),
                EusateJson::readConversationMessages);
        result.setSessionId(sessionId);
        // the API documents chronological order; a stable sort keeps its order for equal or missing timestamps
        result.getMessages().sort(Comparator.comparing(Message::getDateCreated,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        return result;
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // nothing is pending on a shared connection manager; the component closes the connections
        }
    }

    @Override
    public String toString() {
        return "HttpEusateClient[" + settings + "]";
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    private <T> T get(String operation, URI url, BodyReader<T> reader) {
        RetryPolicy policy = settings.retryPolicy();
        RequestObserver observer = settings.observer();
        for (int retry = 0;; retry++) {
            String retryAfter;
            RuntimeException failure;
            int status = 0;
            long started = 0;
            try {
                long paced = settings.pacer().acquire();
                if (paced > 0) {
                    observer.rateLimited(true, paced);
                }
                started = System.nanoTime();
                T result = getOnce(url, reader);
                observer.requested(operation, 200, System.nanoTime() - started);
                return result;
            } catch (EusateApiException e) {
                status = e.getHttpResponseCode();
                observer.requested(operation, status, System.nanoTime() - started);
                if (!RetryPolicy.isRetried(status)) {
                    throw e;
                }
                failure = e;
                retryAfter = e.getRetryAfter();
            } catch (EusateDeadlineException e) {
                observer.requested(operation, 0, System.nanoTime() - started);
                throw e;
            } catch (EusateIoException e) {
                observer.requested(operation, 0, System.nanoTime() - started);
                failure = e;
                retryAfter = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EusateIoException("Interrupted before GET " + url.getRawPath(), new InterruptedIOException());
            }
            if (retry >= policy.maxRetries()) {
                throw failure;
            }
            Duration delay = policy.delay(retry + 1, retryAfter, Instant.now(), ThreadLocalRandom.current());
            observer.retrying(operation, status);
            if (status == 429) {
                observer.rateLimited(false, delay.toNanos());
            }
            LOG.debug("GET {} failed ({}); retry {} of {} in {} ms", url.getRawPath(), failure.getMessage(), retry + 1,
                    policy.maxRetries(), delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure;
            }
        }
    }

    private <T> T getOnce(URI url, BodyReader<T> reader) {
        HttpGet request = new HttpGet(url);
        request.setHeader(new BearerAuthorization(settings.apiKey()));
        request.setHeader(HttpHeaders.ACCEPT, "application/json");
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            return http.execute(request, response -> {
                int status = response.getCode();
                byte[] body = read(response.getEntity(), status, url);
                if (status < 200 || status > 299) {
                    Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
                    throw errorStatus(status, url, body, retryAfter == null ? null : retryAfter.getValue());
                }
                try {
                    return reader.read(body);
                } catch (IOException e) {
                    throw invalidResponse(status, url, e.getMessage(), body, e);
                }
            });
        } catch (EusateApiException e) {
            throw e;
        } catch (IOException e) {
            if (expired.get()) {
                throw new EusateDeadlineException("Eusate API request GET " + url.getRawPath() + " to " + origin(url)
                                                  + " was aborted: not answered in full within requestTimeout, "
                                                  + settings.requestTimeout().toMillis() + " ms", e);
            }
            throw new EusateIoException(
                    "Eusate API request GET " + url.getRawPath() + " to " + origin(url) + " failed: " + e, e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** The body, up to maxResponseSize bytes: a larger (or endless) one fails rather than filling the heap. */
    private byte[] read(HttpEntity entity, int status, URI url) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        int limit = settings.maxResponseSize();
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(limit);
            if (in.read() != -1) {
                throw invalidResponse(status, url, "the body is larger than maxResponseSize, " + limit + " bytes",
                        Arrays.copyOf(body, Math.min(body.length, BODY_EXCERPT_BYTES)), null);
            }
            return body;
        }
    }

    private EusateApiException errorStatus(int status, URI url, byte[] body, String retryAfter) {
        String detail = EusateJson.readDetail(body);
        String what = detail != null ? detail : "no 'detail' in the body: " + excerpt(body);
        String message = status == 401
                ? "The Eusate API rejected the API key (HTTP 401) for GET " + url.getRawPath() + ": "
                  + (what.endsWith(".") ? what : what + ".") + " Check camel.component.eusate.api-key."
                : "The Eusate API answered HTTP " + status + " to GET " + url.getRawPath() + ": " + what;
        return new EusateApiException(message, status, "GET", url.getRawPath(), detail, retryAfter, null);
    }

    private static EusateApiException invalidResponse(int status, URI url, String problem, byte[] body, Throwable cause) {
        String message = "The Eusate API answered HTTP " + status + " to GET " + url.getRawPath()
                         + " with a body that is not the JSON expected (" + problem + ")"
                         + (body == null ? "" : "; the body starts with: " + excerpt(body));
        return new EusateApiException(message, status, "GET", url.getRawPath(), null, cause);
    }

    private URI resolve(String pathAndQuery) {
        String base = settings.baseUrl().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    /** Follows a pagination link only when it stays on the API's origin, so the key never goes elsewhere. */
    private URI sameOrigin(URI page, String next) {
        URI url;
        try {
            url = page.resolve(next.trim());
        } catch (IllegalArgumentException e) {
            throw invalidResponse(200, page, "pagination link 'next' is not a URL: " + next, null, e);
        }
        if (!origin(url).equals(origin(settings.baseUrl()))) {
            throw invalidResponse(200, page,
                    "pagination link 'next' points to " + origin(url) + ", not to the API at "
                                             + origin(settings.baseUrl()) + "; it is not followed",
                    null, null);
        }
        return url;
    }

    private static String origin(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort() != -1 ? url.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    private static String excerpt(byte[] body) {
        if (body.length == 0) {
            return "(empty)";
        }
        int length = Math.min(body.length, BODY_EXCERPT_BYTES);
        String text = new String(body, 0, length, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ");
        return "'" + text + (body.length > length ? "...' (" + body.length + " bytes)" : "'");
    }
}
