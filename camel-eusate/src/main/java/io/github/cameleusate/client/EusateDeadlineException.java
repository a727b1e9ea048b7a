package io.github.cameleusate.client;

import java.io.IOException;

/**
 * A request was still running at its deadline ({@code requestTimeout}) and was aborted, such as an answer that trickles
 * a byte at a time. It is not retried by the same call: an API that trickles now would trickle again.
 */
public class EusateDeadlineException extends EusateIoException {

    private static final long serialVersionUID = 1L;

    public EusateDeadlineException(String message, IOException cause) {
        super(message, cause);
    }
}
