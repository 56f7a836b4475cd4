package io.kubetron.backend;

/** A backend refused or could not do something; the message says what and why, for a user to act on. */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Reason reason;

    /** Why it failed, for callers that react differently (deny the Pod, retry later...). */
    public enum Reason {
        /** No such network or port. */
        NOT_FOUND,
        /** The name, address or MAC is taken, or the object is in use. */
        CONFLICT,
        /** The request itself is wrong. */
        INVALID,
        /** Not allowed with the configured credentials. */
        FORBIDDEN,
        /** The backend is down or failing: not the caller's fault, try later. */
        UNAVAILABLE
    }

    public BackendException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public BackendException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
