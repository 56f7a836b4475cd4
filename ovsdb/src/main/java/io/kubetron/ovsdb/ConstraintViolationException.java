package io.kubetron.ovsdb;

/**
 * A transaction would violate a column or index constraint (server error {@code "constraint violation"}).
 * Immutable, hence thread-safe.
 */
public class ConstraintViolationException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public ConstraintViolationException(String error, String details) {
        super(error, details);
    }
}
