package io.github.cameleusate.client;

import java.net.URI;
import java.time.Duration;

/**
 * How a client reaches the API. {@link #toString()} leaves the API key out, as everything in this project does.
 *
 * @param readTimeout     the longest wait for the answer, and between two reads of its body
 * @param requestTimeout  the longest a request may take, from its start to the last byte of its body
 * @param proxyHost       null for a direct connection
 * @param retryPolicy     which failures are tried again, and when
 * @param pacer           shared with every client that uses the same key
 * @param maxResponseSize the largest body read, in bytes; a larger one fails
 * @param maxPages        the most pages of one paginated list followed; a longer list fails
 * @param observer        told about every request, retry and rate-limit wait
 */
public record EusateClientSettings(URI baseUrl, String apiKey, Duration connectTimeout, Duration readTimeout,
                                   Duration requestTimeout, String proxyHost, Integer proxyPort, RetryPolicy retryPolicy, RequestPacer pacer,
                                   int maxResponseSize, int maxPages, RequestObserver observer) {

    @Override
    public String toString() {
        return "EusateClientSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "<none>" : "<hidden>")
               + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
               + ", requestTimeout=" + requestTimeout
               + (proxyHost == null ? "" : ", proxy=" + proxyHost + ":" + proxyPort) + ", " + retryPolicy
               + ", maxResponseSize=" + maxResponseSize + ", maxPages=" + maxPages + "]";
    }
}
