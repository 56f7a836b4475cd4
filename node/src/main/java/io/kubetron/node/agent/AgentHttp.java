package io.kubetron.node.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubetron.node.metrics.NodeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Plain HTTP for the kubelet's probes and Prometheus: {@code /healthz} (the agent's loops run and OVSDB is
 * connected), {@code /readyz} (also: the Pod list is complete) and {@code /metrics}. Nothing here is secret or
 * changes state, so no TLS; bind it to the node address the probes use. Thread-safe.
 */
final class AgentHttp implements AutoCloseable {
    private final HttpServer server;

    AgentHttp(InetSocketAddress address, NodeMetrics metrics, BooleanSupplier healthy, BooleanSupplier ready) {
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + " for metrics and probes", e);
        }
        server.createContext("/healthz", x -> answer(x, healthy.getAsBoolean()));
        server.createContext("/readyz", x -> answer(x, healthy.getAsBoolean() && ready.getAsBoolean()));
        server.createContext("/metrics", x -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.write(body);
            x.getResponseHeaders().set("Content-Type", metrics.contentType());
            send(x, 200, body.toByteArray());
        });
        server.setExecutor(Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("kubetron-node-http").factory()));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange x, boolean ok) throws IOException {
        send(x, ok ? 200 : 503, (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int code, byte[] body) throws IOException {
        x.sendResponseHeaders(code, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
