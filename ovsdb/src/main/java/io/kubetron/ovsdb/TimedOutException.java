package io.kubetron.ovsdb;

/**
 * Something did not happen in time: a {@code wait} operation's condition (server error {@code "timed out"}), a reply
 * the client waited for, or a condition awaited on a replica. Immutable, hence thread-safe.
 */
public class TimedOutException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public TimedOutException(String details) {
        super("timed out", details);
    }
}
