package io.kubetron.ovsdb;

/**
 * Base of all OVSDB client failures; also used as is for server errors without a more specific type.
 * {@link #error()} and {@link #details()} carry the server's {@code error} and {@code details} strings when the
 * failure came from the server (RFC 7047 section 3.1), or a client-side equivalent otherwise.
 * Immutable, hence thread-safe.
 */
public class OvsdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String error;
    private final String details;

    public OvsdbException(String error, String details) {
        this(error, details, null);
    }

    public OvsdbException(String error, String details, Throwable cause) {
        super(message(error, details), cause);
        this.error = error;
        this.details = details;
    }

    /** The short error tag, e.g. {@code "constraint violation"}. Never null. */
    public String error() {
        return error;
    }

    /** Human-readable details, possibly null. */
    public String details() {
        return details;
    }

    private static String message(String error, String details) {
        return details == null || details.isEmpty() ? error : error + ": " + details;
    }
}
