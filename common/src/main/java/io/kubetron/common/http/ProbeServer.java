package io.kubetron.common.http;

import io.kubetron.common.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The HTTP(S) endpoint every Kubetron process serves: health and metrics, and the routes a component adds (the
 * webhook's admission). Over plain HTTP or, given a TLS context, HTTPS (TLS 1.3 and 1.2, forward-secret AEAD suites
 * only: {@link TlsContexts#serverEngine}):
 *
 * <ul>
 *   <li>{@code /healthz} and {@code /livez}: the health check, 200 {@code ok} or 503 with why not</li>
 *   <li>{@code /readyz}: health and readiness, 200 {@code ok} or 503 with why not</li>
 *   <li>{@code /metrics}: every {@link MetricsSource}, then the server's own counters, Prometheus text format</li>
 *   <li>any further exact path a component adds ({@link Builder#route})</li>
 * </ul>
 *
 * Anything else is 404. Each request is handled on a virtual thread of its own, at most {@link
 * HttpLimits#maxInFlight()} at a time; everything a client can make the server hold is bounded by {@link HttpLimits}:
 * connections, header and body bytes, body bytes of all connections together, and the time each part of an exchange
 * may take. A bad request is answered 400, 408, 413, 414, 417, 431, 501 or 503, never with a stack trace.
 *
 * <p>Built on Netty (already in the product for gRPC), not on the JDK's {@code com.sun.net.httpserver}, because the
 * JDK's server cannot bound a slow client (read in its sources, {@code sun.net.httpserver.ServerImpl}, JDK 25, and
 * tried): it hands each readable connection to the executor, which then does the TLS handshake and reads the headers
 * with blocking reads, so its single dispatcher thread is not stalled, but nothing limits how long that takes unless
 * {@code sun.net.httpserver.maxReqTime} is set; a client that sends one byte every few seconds holds its thread and
 * connection for ever by default. Its knobs ({@code maxReqTime}, {@code maxRspTime}, {@code idleInterval},
 * {@code jdk.httpserver.maxConnections}...) are JVM-wide system properties read once, in whole seconds. Worst,
 * {@code maxRspTime}, the one bound on a client that does not read its answer, closes such a connection from a timer
 * thread while holding the lock of the server's set of responding connections; the close blocks on the stream lock the
 * handler holds while it is stuck in its write, so the timer thread stops for good and every later request of every
 * client hangs once its body is read (tried: one HTTPS client that never reads a large answer hangs the server). Netty
 * reads without blocking on one I/O thread and lets each state of an exchange have its own deadline; the handshake's
 * heavy steps run on a small pool ({@code max(1, cores / 2)} threads), so a flood of handshakes takes at most half the
 * CPU. Client-initiated renegotiation (TLS 1.2) is refused JVM-wide through {@code
 * jdk.tls.rejectClientInitiatedRenegotiation}, unless set otherwise: the JDK has no per-engine switch.
 *
 * <p>Thread-safe.
 */
public final class ProbeServer implements AutoCloseable {
    private static final long CLOSE_NOTIFY_MILLIS = 500;
    /**
     * Every buffer on the Java heap, socket reads too: Netty would read into native memory it mallocs and frees per
     * read, and at a few thousand connections a second glibc keeps what is freed (measured: RSS 225 to 527 MiB at
     * -Xmx256m under the hostile benchmark, none of it in the JVM's native memory tracking). On the heap, what a
     * client costs is bounded by {@code -Xmx} and returned by the collector.
     */
    private static final ByteBufAllocator HEAP = new HeapAllocator();

    private final Channel listener;
    private final EventLoopGroup io;
    private final ExecutorService handlers;
    private final ExecutorService handshakes;
    private final ChannelGroup connections;
    private final Semaphore inFlight;
    private final HttpLimits limits;
    private final ServerCounters counters;

    private ProbeServer(
            Channel listener,
            EventLoopGroup io,
            ExecutorService handlers,
            ExecutorService handshakes,
            ChannelGroup connections,
            Semaphore inFlight,
            HttpLimits limits,
            ServerCounters counters) {
        this.listener = listener;
        this.io = io;
        this.handlers = handlers;
        this.handshakes = handshakes;
        this.connections = connections;
        this.inFlight = inFlight;
        this.limits = limits;
        this.counters = counters;
    }

    /** A handler of one exact path; called on a virtual thread, with the whole request. */
    @FunctionalInterface
    public interface Route {
        Response handle(Request request) throws Exception;
    }

    public static Builder builder(InetSocketAddress address) {
        return new Builder(address);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** The server's own counters, as {@code /metrics} shows them. */
    public MetricsSource counters() {
        return counters;
    }

    /** Stops accepting, lets requests in flight finish for up to {@code graceSeconds}, then closes every connection. */
    public void close(int graceSeconds) {
        listener.close().awaitUninterruptibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        while (inFlight.availablePermits() < limits.maxInFlight() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
        handlers.shutdown();
        handshakes.shutdownNow();
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
        private final Map<String, Supplier<BodyCheck>> checks = new LinkedHashMap<>();
        private final List<MetricsSource> metrics = new ArrayList<>();
        private SSLContext tls;
        private Supplier<Check> health = Check::passing;
        private Supplier<Check> readiness = Check::passing;
        private HttpLimits limits = HttpLimits.probes();
        private int backlog = 64;
        private String threadName = "kubetron-http";

        private Builder(InetSocketAddress address) {
            this.address = address;
        }

        /** HTTPS with this context ({@link TlsContexts#serverEngine}: TLS 1.3 and 1.2, AEAD suites only). */
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

        /** A route whose request bodies {@code check} looks at while they arrive ({@link BodyCheck}). */
        public Builder route(String path, Route route, Supplier<BodyCheck> check) {
            this.routes.put(path, route);
            this.checks.put(path, check);
            return this;
        }

        /** What a client may cost ({@link HttpLimits#probes()} unless given). */
        public Builder limits(HttpLimits l) {
            this.limits = l;
            return this;
        }

        /** Connections the kernel queues before the server accepts them. */
        public Builder backlog(int connections) {
            this.backlog = connections;
            return this;
        }

        /** Names the server's threads. */
        public Builder threadName(String name) {
            this.threadName = name;
            return this;
        }

        /** Binds and starts serving. */
        public ProbeServer start() {
            if (tls != null && System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
                System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
            }
            HttpLimits l = limits;
            ConnectionTable table = new ConnectionTable(l.maxConnections());
            ServerCounters counters = new ServerCounters(table::open);
            Map<String, Route> table2 = routes(counters);
            ExecutorService handlers = Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name(threadName).factory());
            ExecutorService handshakes = Executors.newFixedThreadPool(
                    Math.max(1, Runtime.getRuntime().availableProcessors() / 2),
                    Thread.ofPlatform().daemon().name(threadName + "-tls").factory());
            Semaphore inFlight = new Semaphore(l.maxInFlight());
            Exchange.Shared shared = new Exchange.Shared(
                    l,
                    table2,
                    Map.copyOf(checks),
                    handlers,
                    new ByteBudget(l.bodyBudgetBytes()),
                    inFlight,
                    table,
                    counters,
                    tls != null);
            EventLoopGroup io = new MultiThreadIoEventLoopGroup(
                    1, Thread.ofPlatform().daemon().name(threadName + "-io").factory(), NioIoHandler.newFactory());
            ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
            SSLContext ctx = tls;
            HttpDecoderConfig decoder = new HttpDecoderConfig()
                    .setMaxInitialLineLength(l.maxRequestLineBytes())
                    .setMaxHeaderSize(l.maxHeaderBytes())
                    .setMaxChunkSize(64 * 1024);
            ServerBootstrap b = new ServerBootstrap()
                    .group(io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, backlog)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, HEAP)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ChannelPipeline p = ch.pipeline();
                            Exchange exchange = new Exchange(shared);
                            if (ctx != null) {
                                SslHandler ssl = new SslHandler(TlsContexts.serverEngine(ctx), handshakes);
                                ssl.setHandshakeTimeoutMillis(
                                        l.handshakeTimeout().toMillis());
                                p.addLast("tls", ssl);
                            }
                            p.addLast("tap", new Exchange.Tap(exchange));
                            p.addLast("http", new HttpServerCodec(decoder));
                            p.addLast("exchange", exchange);
                        }
                    });
            ChannelFuture bound = b.bind(address).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                io.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                handlers.shutdown();
                handshakes.shutdownNow();
                Throwable cause = bound.cause();
                throw new UncheckedIOException(
                        "cannot listen on " + address,
                        cause instanceof IOException e ? e : new IOException(String.valueOf(cause), cause));
            }
            return new ProbeServer(bound.channel(), io, handlers, handshakes, connections, inFlight, l, counters);
        }

        private Map<String, Route> routes(ServerCounters counters) {
            Map<String, Route> all = new LinkedHashMap<>();
            Route healthz = r -> answer(health.get());
            all.put("/healthz", healthz);
            all.put("/livez", healthz);
            Supplier<Check> h = health;
            Supplier<Check> ready = readiness;
            all.put("/readyz", r -> {
                Check c = h.get();
                return answer(c.ok() ? ready.get() : c);
            });
            List<MetricsSource> sources = new ArrayList<>(metrics);
            sources.add(counters);
            all.put("/metrics", r -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (MetricsSource s : sources) {
                    s.write(out);
                }
                return Response.of(200, sources.getFirst().contentType(), out.toByteArray());
            });
            all.putAll(routes);
            return Map.copyOf(all);
        }
    }

    private static Response answer(Check c) {
        return Response.text(c.ok() ? 200 : 503, (c.ok() ? "ok" : c.detail()) + "\n");
    }
}
