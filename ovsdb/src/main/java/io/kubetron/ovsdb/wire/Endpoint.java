package io.kubetron.ovsdb.wire;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an OVSDB server listens, written the OVS way: {@code unix:PATH}, {@code tcp:IP:PORT} or {@code ssl:IP:PORT}
 * (IPv6 addresses in brackets, the port defaults to 6640). Immutable.
 */
public sealed interface Endpoint permits Endpoint.Unix, Endpoint.Tcp, Endpoint.Ssl {
    int DEFAULT_PORT = 6640;

    /** A unix domain socket. */
    record Unix(Path path) implements Endpoint {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** Plain TCP. */
    record Tcp(String host, int port) implements Endpoint {
        @Override
        public String toString() {
            return "tcp:" + hostPort(host, port);
        }
    }

    /** TLS over TCP. */
    record Ssl(String host, int port) implements Endpoint {
        @Override
        public String toString() {
            return "ssl:" + hostPort(host, port);
        }
    }

    /** Parses one endpoint. */
    static Endpoint parse(String spec) {
        String s = spec.strip();
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("endpoint \"" + spec + "\" must start with unix:, tcp: or ssl:");
        }
        String kind = s.substring(0, colon);
        String rest = s.substring(colon + 1);
        return switch (kind) {
            case "unix" -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("endpoint \"" + spec + "\" has no socket path");
                }
                yield new Unix(Path.of(rest));
            }
            case "tcp", "ssl" -> {
                String host;
                String port;
                if (rest.startsWith("[")) {
                    int close = rest.indexOf(']');
                    if (close < 0) {
                        throw new IllegalArgumentException("endpoint \"" + spec + "\" has an unclosed [");
                    }
                    host = rest.substring(1, close);
                    String tail = rest.substring(close + 1);
                    if (!tail.isEmpty() && !tail.startsWith(":")) {
                        throw new IllegalArgumentException("endpoint \"" + spec + "\": expected :PORT after ]");
                    }
                    port = tail.isEmpty() ? null : tail.substring(1);
                } else {
                    int c = rest.lastIndexOf(':');
                    if (c >= 0 && rest.indexOf(':') != c) {
                        throw new IllegalArgumentException(
                                "endpoint \"" + spec + "\": write IPv6 addresses as [ADDR]:PORT");
                    }
                    host = c < 0 ? rest : rest.substring(0, c);
                    port = c < 0 ? null : rest.substring(c + 1);
                }
                if (host.isEmpty()) {
                    throw new IllegalArgumentException("endpoint \"" + spec + "\" has no host");
                }
                int p = port == null ? DEFAULT_PORT : parsePort(spec, port);
                yield kind.equals("tcp") ? new Tcp(host, p) : new Ssl(host, p);
            }
            default ->
                throw new IllegalArgumentException(
                        "endpoint \"" + spec + "\": unknown kind " + kind + " (expected unix, tcp or ssl)");
        };
    }

    /** Parses a comma-separated list (the members of a clustered database); tried in order. */
    static List<Endpoint> parseList(String specs) {
        List<Endpoint> out = new ArrayList<>();
        for (String s : specs.split(",")) {
            if (!s.isBlank()) {
                out.add(parse(s));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no endpoint in \"" + specs + "\"");
        }
        return List.copyOf(out);
    }

    private static int parsePort(String spec, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("endpoint \"" + spec + "\": bad port \"" + port + "\"", e);
        }
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
