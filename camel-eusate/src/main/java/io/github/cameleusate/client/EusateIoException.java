package io.github.cameleusate.client;

import java.io.IOException;

import org.apache.camel.RuntimeCamelException;

/** The API could not be reached or the connection broke: connection refused, reset, or a timeout. */
public class EusateIoException extends RuntimeCamelException {

    private static final long serialVersionUID = 1L;

    public EusateIoException(String message, IOException cause) {
        super(message, cause);
    }
}
