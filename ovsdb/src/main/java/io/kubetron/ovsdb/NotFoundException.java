package io.kubetron.ovsdb;

/**
 * A named object does not exist on the server: {@code "not found"}, {@code "unknown database"}, {@code "unknown monitor"}.
 * Immutable, hence thread-safe.
 */
public class NotFoundException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String error, String details) {
        super(error, details);
    }
}
