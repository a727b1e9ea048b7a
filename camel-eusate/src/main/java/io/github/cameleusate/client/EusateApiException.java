package io.github.cameleusate.client;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * The Eusate API answered with an error status, or with a body that is not the JSON expected. Carries the HTTP status
 * (so Camel's health checks show it), the request method and path, and the {@code detail} of the error body; never the
 * API key nor the host's query string.
 */
public class EusateApiException extends RuntimeCamelException implements HttpResponseAware {

    private static final long serialVersionUID = 1L;

    private int httpResponseCode;
    private String httpResponseStatus;
    private final String method;
    private final String path;
    private final String detail;
    private final String retryAfter;

    public EusateApiException(String message, int httpResponseCode, String method, String path, String detail,
                              Throwable cause) {
        this(message, httpResponseCode, method, path, detail, null, cause);
    }

    public EusateApiException(String message, int httpResponseCode, String method, String path, String detail,
                              String retryAfter, Throwable cause) {
        super(message, cause);
        this.httpResponseCode = httpResponseCode;
        this.method = method;
        this.path = path;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    @Override
    public int getHttpResponseCode() {
        return httpResponseCode;
    }

    @Override
    public void setHttpResponseCode(int httpResponseCode) {
        this.httpResponseCode = httpResponseCode;
    }

    @Override
    public String getHttpResponseStatus() {
        return httpResponseStatus;
    }

    @Override
    public void setHttpResponseStatus(String httpResponseStatus) {
        this.httpResponseStatus = httpResponseStatus;
    }

    /** The HTTP method of the failed request, such as {@code GET}. */
    public String getMethod() {
        return method;
    }

    /** The path of the failed request, without host or query. */
    public String getPath() {
        return path;
    }

    /** The response's Retry-After header, or null. */
    public String getRetryAfter() {
        return retryAfter;
    }

    /** The {@code detail} text of the API's error body, or null when the body had none. */
    public String getDetail() {
        return detail;
    }
}
