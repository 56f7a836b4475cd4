package io.kubetron.lab.neutron;

import io.kubetron.common.tls.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTPS client that trusts one CA only (the lab's), as Kubetron's own clients will. Used by the lab
 * for readiness checks and Keystone provisioning, and by tests. Thread-safe.
 */
public final class LabHttp {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client;

    /** A client that trusts only the certificates signed by the CA in {@code caPem}. */
    public LabHttp(Path caPem) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(TlsContexts.trusting(caPem))
                .build();
    }

    public HttpClient client() {
        return client;
    }

    public static JsonMapper json() {
        return JSON;
    }

    /**
     * Sends one request.
     *
     * @param token sent as {@code X-Auth-Token} when not null
     * @param body serialised as JSON when not null
     * @throws IOException when the connection or the TLS handshake fails
     */
    public Response send(String method, URI uri, String token, Object body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Like {@link #send} but a failed connection is an unchecked error and a status other than {@code expect} too. */
    public Response expect(int expect, String method, URI uri, String token, Object body) {
        Response r;
        try {
            r = send(method, uri, token, body);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        }
        if (r.status() != expect) {
            throw new IllegalStateException(
                    method + " " + uri + " gave " + r.status() + " (expected " + expect + "): " + r.body());
        }
        return r;
    }

    /**
     * A response.
     *
     * @param status HTTP status
     * @param headers response headers
     * @param body the body as text (may be empty)
     */
    public record Response(int status, HttpHeaders headers, String body) {
        /** The body parsed as JSON (an empty body is a missing node). */
        public JsonNode json() {
            return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        }
    }
}
