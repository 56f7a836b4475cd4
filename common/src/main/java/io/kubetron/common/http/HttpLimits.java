package io.kubetron.common.http;

import java.time.Duration;

/**
 * What one client may cost a {@link ProbeServer}: every resource a request holds has a bound here, so that no client,
 * however slow, large or numerous, can take the server's memory or threads, or keep it from answering the others.
 *
 * @param maxConnections connections open at once; when full, a new one takes the place of the oldest that has not yet
 *     sent a whole request (then of the longest idle one), or is closed at once when every connection is busy
 * @param maxInFlight requests being handled at once (each on its own virtual thread); more get 503 with Retry-After
 * @param maxBodyBytes largest request body; a larger one gets 413, declared or not
 * @param bodyBudgetBytes request body bytes held at once by all connections together (received, not declared); a body
 *     that would exceed it gets 503
 * @param maxRequestLineBytes longest request line; longer gets 414
 * @param maxHeaderBytes all header lines of a request together; more gets 431
 * @param maxHeaderCount header lines of a request; more gets 431
 * @param handshakeTimeout a TLS handshake must be done within this from the connection's start, or it is closed
 * @param headerTimeout a request's line and headers must be in within this of its first byte (for a connection's first
 *     request: of the connection's start, or of the end of its TLS handshake), or it gets 408 and is closed
 * @param bodyTimeout a request's body must be in within this of its headers, or it gets 408 and is closed
 * @param idleTimeout a connection between requests is closed after this
 * @param responseTimeout a response the client does not take within this is dropped with its connection
 */
public record HttpLimits(
        int maxConnections,
        int maxInFlight,
        int maxBodyBytes,
        long bodyBudgetBytes,
        int maxRequestLineBytes,
        int maxHeaderBytes,
        int maxHeaderCount,
        Duration handshakeTimeout,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        Duration responseTimeout) {

    public HttpLimits {
        if (maxConnections < 1 || maxInFlight < 1 || maxBodyBytes < 0 || bodyBudgetBytes < maxBodyBytes) {
            throw new IllegalArgumentException("limits out of range: " + maxConnections + " connections, " + maxInFlight
                    + " in flight, body " + maxBodyBytes + " of " + bodyBudgetBytes);
        }
        if (maxRequestLineBytes < 64 || maxHeaderBytes < 256 || maxHeaderCount < 8) {
            throw new IllegalArgumentException("header limits too small to serve anything");
        }
    }

    /**
     * For health probes and metrics scrapes: a kubelet and a Prometheus or two, GET only. 64 connections, 8 requests in
     * flight, bodies of at most 4 KiB; 10 s for a handshake, the headers and a body; idle connections go after 120 s
     * (longer than the 90 s after which Go's HTTP clients drop theirs, so that a client never sends on a connection we
     * are closing); a response not taken in 10 s is dropped.
     */
    public static HttpLimits probes() {
        return new HttpLimits(
                64,
                8,
                4096,
                256 * 1024,
                4096,
                16 * 1024,
                64,
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(120),
                Duration.ofSeconds(10));
    }

    public HttpLimits withConnections(int connections, int inFlight) {
        return new HttpLimits(
                connections,
                inFlight,
                maxBodyBytes,
                bodyBudgetBytes,
                maxRequestLineBytes,
                maxHeaderBytes,
                maxHeaderCount,
                handshakeTimeout,
                headerTimeout,
                bodyTimeout,
                idleTimeout,
                responseTimeout);
    }

    public HttpLimits withBody(int maxBody, long budget) {
        return new HttpLimits(
                maxConnections,
                maxInFlight,
                maxBody,
                budget,
                maxRequestLineBytes,
                maxHeaderBytes,
                maxHeaderCount,
                handshakeTimeout,
                headerTimeout,
                bodyTimeout,
                idleTimeout,
                responseTimeout);
    }

    public HttpLimits withHeaders(int requestLineBytes, int headerBytes, int headerCount) {
        return new HttpLimits(
                maxConnections,
                maxInFlight,
                maxBodyBytes,
                bodyBudgetBytes,
                requestLineBytes,
                headerBytes,
                headerCount,
                handshakeTimeout,
                headerTimeout,
                bodyTimeout,
                idleTimeout,
                responseTimeout);
    }

    /** The same limits with these timeouts (tests shorten them). */
    public HttpLimits withTimeouts(
            Duration handshake, Duration header, Duration body, Duration idle, Duration response) {
        return new HttpLimits(
                maxConnections,
                maxInFlight,
                maxBodyBytes,
                bodyBudgetBytes,
                maxRequestLineBytes,
                maxHeaderBytes,
                maxHeaderCount,
                handshake,
                header,
                body,
                idle,
                response);
    }
}
