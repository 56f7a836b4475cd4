package io.kubetron.cli.deploy;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * One request to the API server as RBAC sees it: API group, resource (with its subresource, {@code pods/status}),
 * namespace (empty for cluster-wide), object name (empty for collections) and verb.
 */
record ApiCall(String group, String resource, String namespace, String name, String verb) {

    /** Reads an HTTP request line's method and path ({@code /api/v1/...} or {@code /apis/GROUP/VERSION/...}). */
    static ApiCall of(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        List<String> p = Arrays.stream(uri.getPath().split("/"))
                .filter(s -> !s.isEmpty())
                .toList();
        int at;
        String group;
        if (p.get(0).equals("api")) {
            group = "";
            at = 2; // api/v1/...
        } else if (p.get(0).equals("apis")) {
            group = p.get(1);
            at = 3; // apis/GROUP/VERSION/...
        } else {
            throw new IllegalArgumentException("not a resource path: " + pathAndQuery);
        }
        String namespace = "";
        if (p.size() > at + 2 && p.get(at).equals("namespaces")) {
            namespace = p.get(at + 1);
            at += 2;
        }
        String resource = p.get(at);
        String name = p.size() > at + 1 ? p.get(at + 1) : "";
        if (p.size() > at + 2) {
            resource += "/" + p.get(at + 2);
        }
        boolean watch = uri.getQuery() != null && uri.getQuery().matches("(.*&)?watch=(true|1)(&.*)?");
        String verb = switch (method) {
            case "GET" -> !name.isEmpty() ? "get" : watch ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("method " + method);
        };
        return new ApiCall(group, resource, namespace, name, verb);
    }

    /** {@code verb group/resource}, the form RBAC's rules are compared in. */
    String permission() {
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource;
    }
}
