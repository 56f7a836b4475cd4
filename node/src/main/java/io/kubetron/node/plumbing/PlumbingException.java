package io.kubetron.node.plumbing;

/** A step of plumbing failed; the message says which, for which interface, and why (it becomes a Pod Event). */
public final class PlumbingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlumbingException(String message) {
        super(message);
    }

    public PlumbingException(String message, Throwable cause) {
        super(message, cause);
    }
}
