package io.kubetron.neutron;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTPS with OpenStack's error formats mapped to {@link NeutronException}. Thread-safe: the JDK HTTP
 * client is.
 */
final class JsonHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final Duration timeout;

    JsonHttp(javax.net.ssl.SSLContext tls, Duration timeout) {
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
    }

    /** A response: status, headers and body (null when empty). */
    record Reply(int status, java.net.http.HttpHeaders headers, JsonNode body) {}

    /**
     * Sends a request and returns the reply for 2xx; throws {@link NeutronException} otherwise.
     *
     * @param what what is being done, for the error message ("create port on network red")
     */
    Reply send(String method, URI uri, Map<String, String> headers, JsonNode body, String what) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NeutronException(
                    what + ": cannot reach " + uri.getScheme() + "://" + uri.getAuthority() + ": " + describe(e),
                    0,
                    "",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NeutronException(what + ": interrupted", 0, "", e);
        }
        JsonNode json = parse(r.body());
        if (r.statusCode() / 100 != 2) {
            throw error(what, r.statusCode(), json, r.body());
        }
        return new Reply(r.statusCode(), r.headers(), json);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    static NeutronException error(String what, int status, JsonNode json, String raw) {
        String type = "";
        String message = null;
        if (json != null && json.has("NeutronError")) {
            JsonNode e = json.get("NeutronError");
            type = e.path("type").asString("");
            message = e.path("message").asString(null);
        } else if (json != null && json.has("error")) {
            // Keystone and keystonemiddleware
            message = json.get("error").path("message").asString(null);
            type = json.get("error").path("title").asString("");
        } else if (json != null && json.isObject() && json.size() == 1) {
            // webob's JSON errors: {"badRequest": {"message": ...}}
            JsonNode e = json.iterator().next();
            message = e.path("message").asString(null);
        }
        if (message == null) {
            message = raw == null || raw.isBlank() ? "no details" : abbreviate(raw.strip());
        }
        return new NeutronException(
                what + ": " + status + " " + (type.isEmpty() ? "" : type + ": ") + message, status, type, null);
    }

    private static String describe(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        if (e instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLHandshakeException) {
            return "TLS handshake failed (is the server's CA in the configured CA bundle?): " + t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
