package io.kubetron.common.http;

/**
 * Looks at a request body while it arrives, so that a body that cannot be good is refused at its first bad byte rather
 * than held in full (a route's {@link ProbeServer.Builder#route(String, ProbeServer.Route, java.util.function.Supplier)
 * check}; one per request, called on the I/O thread: it must be quick and must not block).
 */
public interface BodyCheck {
    /**
     * {@code length} more bytes of the body, at {@code offset} of {@code body} (which holds the body so far).
     *
     * @return null to read on, or the answer that refuses the request (the rest of it is not read)
     */
    Response more(byte[] body, int offset, int length);

    /**
     * The body is complete.
     *
     * @return null to hand the request to the route, or the answer instead
     */
    Response end();
}
