package io.kubetron.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.common.tls.KeyAndChain;
import io.kubetron.common.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The health and metrics server (the node agent's listener, and the webhook's underneath) against clients that break
 * the rules: limits answered with their status codes, slow readers dropped, busy routes answered 503, and a server
 * that keeps answering everyone else meanwhile.
 */
class ProbeServerTest {
    // short deadlines for what the tests wait out; the handshake's is long, as no test waits for it and a fresh TLS
    // client on a loaded 2-core machine has taken over 2 s
    private static final HttpLimits FAST = HttpLimits.probes()
            .withTimeouts(
                    Duration.ofSeconds(10),
                    Duration.ofMillis(500),
                    Duration.ofMillis(500),
                    Duration.ofSeconds(5),
                    Duration.ofMillis(700));
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private ProbeServer start(ProbeServer.Builder b) {
        ProbeServer s = b.start();
        open.add(s);
        return s;
    }

    private static ProbeServer.Builder builder() {
        return ProbeServer.builder(new InetSocketAddress("127.0.0.1", 0)).limits(FAST);
    }

    @Test
    void servesProbesMetricsAndRoutes() throws Exception {
        ProbeServer s = start(builder()
                .readiness(() -> Check.failing("not yet"))
                .metrics(out -> out.write("kubetron_test 1\n".getBytes(StandardCharsets.UTF_8)))
                .route("/echo", r -> Response.of(200, "application/octet-stream", r.body())));
        assertThat(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(exchange(s, "GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 503")
                .endsWith("not yet\n");
        assertThat(exchange(s, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"))
                .contains("kubetron_test 1\n")
                .contains("kubetron_http_connections ");
        assertThat(exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))
                .endsWith("\r\n\r\nhello");
        assertThat(exchange(s, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 404");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        ProbeServer s = start(builder().route("/echo", r -> Response.of(200, "text/plain", r.body())));
        String three = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na"
                + "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nConnection: close\r\n\r\nc";
        String answers = exchange(s, three);
        assertThat(answers.split("HTTP/1.1 ")).hasSize(4);
        assertThat(answers.indexOf("\r\n\r\na"))
                .isLessThan(answers.indexOf("404"))
                .isPositive();
        assertThat(answers).endsWith("\r\n\r\nc");
    }

    @Test
    void requestsBeyondTheLimitsGetTheirStatusAndNoStackTrace() throws Exception {
        ProbeServer s = start(builder().route("/boom", r -> {
            throw new IllegalStateException("secret detail");
        }));
        assertThat(exchange(s, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 414");
        assertThat(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431");
        StringBuilder many = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 70; i++) {
            many.append("X-").append(i).append(": a\r\n");
        }
        assertThat(exchange(s, many + "\r\n")).startsWith("HTTP/1.1 431");
        assertThat(exchange(s, "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
        assertThat(exchange(
                        s,
                        "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + "1400\r\n"
                                + "a".repeat(0x1400) + "\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 413");
        assertThat(exchange(s, "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"))
                .startsWith("HTTP/1.1 501");
        assertThat(exchange(s, "POST /healthz HTTP/1.1\r\nHost: x\r\nExpect: money\r\nContent-Length: 1\r\n\r\na"))
                .startsWith("HTTP/1.1 417");
        assertThat(exchange(
                        s, "POST /healthz HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\na"))
                .startsWith("HTTP/1.1 100 Continue")
                .contains("HTTP/1.1 200");
        assertThat(exchange(s, "GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400");
        // a body that is whole but for a chunk-size line Netty cannot read is refused, not served cut short
        assertThat(exchange(
                        s,
                        "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n"
                                + "zz\r\n\r\n"))
                .startsWith("HTTP/1.1 400")
                .contains("malformed chunked body");
        assertThat(exchange(s, "GET /boom HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 500")
                .doesNotContain("secret detail", "IllegalStateException", "\tat ");
        assertThat(exchange(s, "GET /healthz HTTP/1.0\r\n\r\n"))
                .startsWith("HTTP/1.1 200")
                .contains("connection: close");
    }

    @Test
    void slowHeadersAndSlowBodiesAre408() throws Exception {
        ProbeServer s = start(builder().route("/echo", r -> Response.of(200, "text/plain", r.body())));
        try (Socket slow = new Socket("127.0.0.1", s.port());
                Socket body = new Socket("127.0.0.1", s.port());
                Socket silent = new Socket("127.0.0.1", s.port())) {
            slow.getOutputStream().write("GET /healthz HTTP/1.1\r\nX-a: ".getBytes(StandardCharsets.US_ASCII));
            body.getOutputStream()
                    .write("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nab".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(slow, Duration.ofSeconds(3))).startsWith("HTTP/1.1 408");
            assertThat(readAll(body, Duration.ofSeconds(3))).startsWith("HTTP/1.1 408");
            assertThat(readAll(silent, Duration.ofSeconds(3))).startsWith("HTTP/1.1 408");
        }
        assertThat(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    /**
     * The case the JDK's server cannot bound: an HTTPS client that asks for a large answer and never reads it. Here it
     * loses its connection after the response timeout, and everyone else is served all along.
     */
    @Test
    void aClientThatNeverReadsItsAnswerIsDroppedAndOthersAreServed() throws Exception {
        byte[] big = new byte[8 << 20];
        ProbeServer s =
                start(builder().tls(serverTls()).route("/big", r -> Response.of(200, "application/octet-stream", big)));
        SSLContext client = TlsContexts.trustingAnything();
        Socket raw = new Socket();
        raw.setReceiveBufferSize(4096);
        raw.connect(s.address());
        try (SSLSocket reader = (SSLSocket) client.getSocketFactory().createSocket(raw, "127.0.0.1", s.port(), true)) {
            reader.startHandshake();
            reader.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            reader.getOutputStream().flush();
            for (int i = 0; i < 5; i++) {
                assertThat(tlsExchange(client, s, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200");
                Thread.sleep(300);
            }
            // the slow reader is gone: whatever it reads now ends well short of 8 MiB
            long got = drain(reader, Duration.ofSeconds(5));
            assertThat(got).isLessThan(big.length);
        }
        assertThat(((ServerCounters) s.counters()).closedCount(ServerCounters.Closed.RESPONSE_TIMEOUT))
                .isEqualTo(1);
    }

    @Test
    void requestsBeyondTheInFlightLimitGet503WithRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(2);
        ProbeServer s = start(builder().limits(FAST.withConnections(16, 2)).route("/slow", r -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Response.text(200, "done\n");
        }));
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            busy.add(Thread.ofVirtual().start(() -> {
                try {
                    exchange(s, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
                .startsWith("HTTP/1.1 503")
                .containsIgnoringCase("retry-after: 1");
        release.countDown();
        for (Thread t : busy) {
            t.join();
        }
        assertThat(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
    }

    @Test
    void bodiesBeyondTheBudgetGet503() throws Exception {
        ProbeServer s = start(builder()
                .limits(FAST.withBody(4096, 6000))
                .route("/echo", r -> Response.of(200, "text/plain", r.body())));
        try (Socket first = new Socket("127.0.0.1", s.port())) {
            // 4000 bytes held by a body that is still coming
            first.getOutputStream()
                    .write(("POST /echo HTTP/1.1\r\nContent-Length: 4096\r\n\r\n" + "a".repeat(4000))
                            .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(200);
            assertThat(exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n" + "b".repeat(4000)))
                    .startsWith("HTTP/1.1 503");
        }
        Thread.sleep(200); // the first connection is gone, and its bytes with it
        assertThat(exchange(s, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n" + "b".repeat(4000)))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void aFullTableMakesRoomByClosingTheConnectionsThatHoldNoRequest() throws Exception {
        ProbeServer s = start(builder().limits(FAST.withConnections(8, 8)));
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                flood.add(new Socket("127.0.0.1", s.port()));
            }
            assertThat(exchange(s, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(((ServerCounters) s.counters()).closedCount(ServerCounters.Closed.EVICTED))
                    .isGreaterThanOrEqualTo(12);
        } finally {
            for (Socket f : flood) {
                f.close();
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProbeServerTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static SSLContext serverTls() throws Exception {
        KeyAndChain id = KeyAndChain.parse(resource("ec-cert.pem"), resource("ec-sec1.pem"), "crt", "key");
        return TlsContexts.context(TlsContexts.keyManagers(id), null);
    }

    /** Sends {@code request} on a new connection and reads until the server closes or 3 s pass. */
    private static String exchange(ProbeServer s, String request) throws IOException {
        try (Socket c = new Socket("127.0.0.1", s.port())) {
            c.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readAll(c, Duration.ofSeconds(3));
        }
    }

    private static String tlsExchange(SSLContext client, ProbeServer s, String request) throws IOException {
        try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", s.port())) {
            c.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            c.getOutputStream().flush();
            return readAll(c, Duration.ofSeconds(5));
        }
    }

    /**
     * What comes until the server closes, or until {@code within} passes, or, on a keep-alive connection, until it
     * has been quiet for 300 ms after an answer.
     */
    private static String readAll(Socket c, Duration within) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = c.getInputStream();
        byte[] buf = new byte[8192];
        while (System.nanoTime() < deadline) {
            c.setSoTimeout(got.size() == 0 ? (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000) : 300);
            try {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                break; // reset after the answer
            }
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static long drain(Socket c, Duration within) {
        long n = 0;
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buf = new byte[65536];
        try {
            c.setSoTimeout(1000);
            InputStream in = c.getInputStream();
            while (System.nanoTime() < deadline) {
                int r = in.read(buf);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            // closed: what came is what came
        }
        return n;
    }
}
