package io.kubetron.common.signing;

/** A key set that cannot be used: absent, unreadable or malformed. The message names files and key ids, never keys. */
public final class SigningKeysException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SigningKeysException(String message) {
        super(message);
    }

    public SigningKeysException(String message, Throwable cause) {
        super(message, cause);
    }
}
