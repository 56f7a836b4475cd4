package io.kubetron.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health and metrics endpoint every Kubetron process serves (JDK {@link HttpServer}, one virtual thread per
 * request), over plain HTTP or, given a TLS context, HTTPS (TLS 1.3 and 1.2 only):
 *
 * <ul>
 *   <li>{@code /healthz} and {@code /livez}: the health check, 200 {@code ok} or 503 with why not</li>
 *   <li>{@code /readyz}: health and readiness, 200 {@code ok} or 503 with why not</li>
 *   <li>{@code /metrics}: every {@link MetricsSource}, Prometheus text format</li>
 *   <li>any further exact path a component adds ({@link Builder#route}, e.g. the webhook's admission)</li>
 * </ul>
 *
 * Anything else is 404. Thread-safe.
 */
public final class ProbeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeServer.class);
    private final HttpServer server;
    private final ExecutorService executor;

    private ProbeServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** A handler of one exact path. */
    @FunctionalInterface
    public interface Route {
        void handle(HttpExchange exchange) throws IOException;
    }

    public static Builder builder(InetSocketAddress address) {
        return new Builder(address);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sends {@code body} as the whole response ({@code -1}: no body when empty). */
    public static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Sends a line of text. */
    public static void sendText(HttpExchange ex, int code, String text) throws IOException {
        send(ex, code, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Stops accepting and lets requests in flight finish for up to {@code graceSeconds}. */
    public void close(int graceSeconds) {
        server.stop(graceSeconds);
        executor.shutdown();
    }

    /** Stops accepting, lets requests in flight finish for up to a second. */
    @Override
    public void close() {
        close(1);
    }

    /** What a {@link ProbeServer} serves. Not thread-safe. */
    public static final class Builder {
        private final InetSocketAddress address;
        private final Map<String, Route> routes = new LinkedHashMap<>();
        private final java.util.List<MetricsSource> metrics = new java.util.ArrayList<>();
        private SSLContext tls;
        private Supplier<Check> health = Check::passing;
        private Supplier<Check> readiness = Check::passing;
        private int backlog = 64;
        private String threadName = "kubetron-http";

        private Builder(InetSocketAddress address) {
            this.address = address;
        }

        /** HTTPS with this context (TLS 1.3 and 1.2 only). */
        public Builder tls(SSLContext context) {
            this.tls = context;
            return this;
        }

        public Builder health(Supplier<Check> check) {
            this.health = check;
            return this;
        }

        /** Readiness on top of health: {@code /readyz} asks health first. */
        public Builder readiness(Supplier<Check> check) {
            this.readiness = check;
            return this;
        }

        /** Adds metrics to {@code /metrics}, after those added before. */
        public Builder metrics(MetricsSource source) {
            this.metrics.add(source);
            return this;
        }

        public Builder route(String path, Route route) {
            this.routes.put(path, route);
            return this;
        }

        /** Connections the kernel queues before the server accepts them. */
        public Builder backlog(int connections) {
            this.backlog = connections;
            return this;
        }

        /** Names the request threads. */
        public Builder threadName(String name) {
            this.threadName = name;
            return this;
        }

        /** Binds and starts serving. */
        public ProbeServer start() {
            HttpServer server;
            try {
                if (tls == null) {
                    server = HttpServer.create(address, backlog);
                } else {
                    HttpsServer https = HttpsServer.create(address, backlog);
                    SSLContext ctx = tls;
                    https.setHttpsConfigurator(new HttpsConfigurator(ctx) {
                        @Override
                        public void configure(HttpsParameters params) {
                            SSLParameters p = ctx.getDefaultSSLParameters();
                            p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                            params.setSSLParameters(p);
                        }
                    });
                    server = https;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address, e);
            }
            Map<String, Route> all = new LinkedHashMap<>();
            Route healthz = ex -> answer(ex, health.get());
            all.put("/healthz", healthz);
            all.put("/livez", healthz);
            all.put("/readyz", ex -> {
                Check h = health.get();
                answer(ex, h.ok() ? readiness.get() : h);
            });
            java.util.List<MetricsSource> sources = java.util.List.copyOf(metrics);
            all.put("/metrics", ex -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (MetricsSource s : sources) {
                    s.write(out);
                }
                send(
                        ex,
                        200,
                        sources.isEmpty()
                                ? MetricsSource.PROMETHEUS_TEXT
                                : sources.getFirst().contentType(),
                        out.toByteArray());
            });
            all.putAll(routes);
            Map<String, Route> table = Map.copyOf(all);
            server.createContext("/", ex -> dispatch(ex, table));
            ExecutorService executor = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(threadName).factory());
            server.setExecutor(executor);
            server.start();
            return new ProbeServer(server, executor);
        }
    }

    private static void dispatch(HttpExchange ex, Map<String, Route> table) {
        try (ex) {
            Route r = table.get(ex.getRequestURI().getPath());
            if (r == null) {
                sendText(ex, 404, "not found\n");
            } else {
                r.handle(ex);
            }
        } catch (IOException | RuntimeException e) {
            // the client gets a closed connection (an API server applies its failurePolicy)
            LOG.warn("request failed path={} error=\"{}\"", ex.getRequestURI().getPath(), e.toString());
        }
    }

    private static void answer(HttpExchange ex, Check c) throws IOException {
        sendText(ex, c.ok() ? 200 : 503, (c.ok() ? "ok" : c.detail()) + "\n");
    }
}
