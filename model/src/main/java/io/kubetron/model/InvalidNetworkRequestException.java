package io.kubetron.model;

/** A Pod's network request that cannot be honoured as written; the message is meant for the user. */
public class InvalidNetworkRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidNetworkRequestException(String message) {
        super(message);
    }
}
