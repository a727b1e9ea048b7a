package io.github.cameleusate.client;

/**
 * Told about every request a client makes, so that metrics can count them without the client knowing a metrics
 * library. Called on the requesting thread; implementations must be quick and thread-safe.
 */
public interface RequestObserver {

    /**
     * A request ended.
     *
     * @param operation conversations or messages
     * @param status    the HTTP status code, or 0 when no response came (connection failure, timeout)
     * @param nanos     from sending the request to reading the whole response
     */
    default void requested(String operation, int status, long nanos) {
    }

    /** A failed request is tried again; status is the HTTP status code it failed with, or 0 for no response. */
    default void retrying(String operation, int status) {
    }

    /**
     * A request waited for the API's rate limit: {@code paced} by the client's own spacing, or after an HTTP 429.
     */
    default void rateLimited(boolean paced, long nanos) {
    }
}
