package io.kubetron.common.http;

/**
 * A whole HTTP request as a {@link ProbeServer.Route} sees it: read within the server's limits and deadlines before the
 * route is called.
 *
 * @param method {@code GET}, {@code POST}...
 * @param path the decoded path, without the query
 * @param contentType the {@code Content-Type} header, or empty
 * @param body the body, empty when there is none
 */
public record Request(String method, String path, String contentType, byte[] body) {}
