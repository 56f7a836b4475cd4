package io.kubetron.neutron;

/**
 * Neutron or Keystone refused a request, or could not be reached. The message is the server's own
 * ({@code NeutronError.message}, Keystone's {@code error.message}) prefixed with what was asked.
 */
public class NeutronException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String type;

    public NeutronException(String message, int status, String type, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = type;
    }

    /** HTTP status, or 0 when the server was not reached. */
    public int status() {
        return status;
    }

    /** Neutron's error type (for example {@code PortNotFound}, {@code IpAddressAlreadyAllocated}), or empty. */
    public String type() {
        return type;
    }

    public boolean notFound() {
        return status == 404;
    }

    public boolean conflict() {
        return status == 409;
    }

    public boolean unauthorized() {
        return status == 401;
    }

    /** The server could not be reached or answered 5xx: worth retrying later, not the caller's fault. */
    public boolean unavailable() {
        return status == 0 || status >= 500;
    }
}
