package io.kubetron.ovsdb;

/**
 * The server sent data that is not valid OVSDB JSON-RPC (malformed or truncated JSON, a message of the wrong shape).
 * The connection is closed when this happens, so it is also a {@link DisconnectedException}.
 * Immutable, hence thread-safe.
 */
public class ProtocolException extends DisconnectedException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String details, Throwable cause) {
        super("protocol error", details, cause);
    }
}
