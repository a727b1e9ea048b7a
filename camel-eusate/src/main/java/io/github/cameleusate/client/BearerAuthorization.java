package io.github.cameleusate.client;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * The Authorization header with the API key. HttpClient's header log (org.apache.hc.client5.http.headers at DEBUG)
 * prints a header's {@link #toString()}, which here hides the key; the request line writer reads {@link #getValue()}.
 */
final class BearerAuthorization implements Header {

    private final String value;

    BearerAuthorization(String apiKey) {
        this.value = "Bearer " + apiKey;
    }

    @Override
    public String getName() {
        return HttpHeaders.AUTHORIZATION;
    }

    @Override
    public String getValue() {
        return value;
    }

    @Override
    public boolean isSensitive() {
        return true;
    }

    @Override
    public String toString() {
        return HttpHeaders.AUTHORIZATION + ": Bearer <hidden>";
    }
}
