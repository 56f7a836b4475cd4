package io.kubetron.common.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link ProbeServer.Route} answers; the server adds {@code Content-Length} and {@code Connection}.
 *
 * @param status the HTTP status code
 * @param contentType the {@code Content-Type}
 * @param body the whole body
 * @param headers further headers ({@code Retry-After}...)
 */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response of(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body, Map.of());
    }

    /** A line of plain text. */
    public static Response text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public Response withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }
}
