package io.kubetron.ovsdb;

/**
 * The connection to the server is gone (or could not be made) while a request was outstanding or about to be sent.
 * Whether the request took effect on the server is unknown. Immutable, hence thread-safe.
 */
public class DisconnectedException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public DisconnectedException(String details, Throwable cause) {
        super("disconnected", details, cause);
    }

    protected DisconnectedException(String error, String details, Throwable cause) {
        super(error, details, cause);
    }
}
