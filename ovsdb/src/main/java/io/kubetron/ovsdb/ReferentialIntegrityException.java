package io.kubetron.ovsdb;

/**
 * A transaction would leave a reference to a missing row (server error {@code "referential integrity violation"}).
 * Immutable, hence thread-safe.
 */
public class ReferentialIntegrityException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public ReferentialIntegrityException(String error, String details) {
        super(error, details);
    }
}
