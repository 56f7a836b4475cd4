package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.common.tls.TlsContexts;
import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.server.ClientHello;
import io.kubetron.webhook.server.RsaTls;
import io.kubetron.webhook.server.ServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook's HTTPS server against hostile clients, one attack per test, each followed by a well-behaved review
 * that must be answered at once: oversized bodies (declared and chunked), truncated and slow requests, stalled
 * handshakes, old TLS versions and weak suites, malformed reviews at every depth, a heap bomb, a connection flood.
 * The server's deadlines are shortened to {@link #T} so that slow clients are cut within a test's time.
 */
class HostileClientsTest {
    /** The header deadline of the server under test. */
    private static final Duration T = Duration.ofMillis(600);
    /** Its handshake deadline: a loaded machine's handshakes take a while. */
    private static final Duration HANDSHAKE = Duration.ofSeconds(2);
    /** Its body deadline: long enough to send 10 MiB. */
    private static final Duration BODY = Duration.ofSeconds(4);
    /** How long past a deadline a slow client may still be connected. */
    private static final Duration SLACK = Duration.ofMillis(1500);

    @TempDir
    static Path dir;

    private static Webhook webhook;
    private static Path cert;
    private static SSLSocketFactory tls;
    private final List<Socket> open = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        RsaTls.write(cert, key);
        webhook = Webhook.start(
                FakeBackend.withRedBlueGreen(),
                AdmissionSettings.defaults().withSigningKeys(TestSigning.writeTo(dir.resolve("keys"))),
                ServerSettings.of(new InetSocketAddress("127.0.0.1", 0), cert, key)
                        .withLimits(ServerSettings.limits(32, 8)
                                .withTimeouts(HANDSHAKE, T, BODY, Duration.ofSeconds(5), Duration.ofSeconds(2)))
                        .withReviewHeap(64L * 1024 * 1024));
        tls = TlsContexts.trusting(cert).getSocketFactory();
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    @AfterEach
    void closeSockets() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // gone already
            }
        }
        open.clear();
    }

    @Test
    void anOversizedDeclaredBodyIs413BeforeItIsSent() throws Exception {
        SSLSocket s = tlsSocket();
        send(
                s,
                "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + (9 << 20)
                        + "\r\n\r\n");
        assertThat(response(s, Duration.ofSeconds(3))).startsWith("HTTP/1.1 413");
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void anOversizedChunkedBodyIs413() throws Exception {
        SSLSocket s = tlsSocket();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> response(s, Duration.ofSeconds(10)));
        send(
                s,
                "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n");
        // white space: JSON so far, and cheap to read, so only the size limit can stop it
        byte[] chunk = ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < 160 && !answer.isDone(); i++) { // up to 10 MiB, more than the 8 MiB allowed
                s.getOutputStream().write(chunk);
            }
        } catch (IOException e) {
            // the server stopped reading: expected once it has answered
        }
        assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void aBodyThatCannotBeAReviewIs400AtItsFirstBadBytes() throws Exception {
        SSLSocket s = tlsSocket();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> response(s, Duration.ofSeconds(5)));
        send(
                s,
                "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + (8 << 20)
                        + "\r\n\r\n");
        long sent = 0;
        try {
            byte[] deep = "[".repeat(0x10000).getBytes(StandardCharsets.US_ASCII);
            while (!answer.isDone() && sent < (8 << 20)) {
                s.getOutputStream().write(deep);
                sent += deep.length;
            }
        } catch (IOException e) {
            // the server stopped reading
        }
        assertThat(answer.get()).startsWith("HTTP/1.1 400").contains("nesting depth");
        assertThat(sent).as("bytes sent before the answer").isLessThan(4 << 20);
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void aTruncatedBodyIs408AfterTheBodyDeadline() throws Exception {
        SSLSocket s = tlsSocket();
        send(
                s,
                "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                        + "{\"kind\":\"AdmissionReview\"");
        assertThat(response(s, BODY.plus(SLACK))).startsWith("HTTP/1.1 408");
        SSLSocket cut = tlsSocket();
        send(cut, "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"kind\":");
        cut.close(); // and the client goes away mid-body
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void slowHeadersAre408AfterTheHeaderDeadline() throws Exception {
        SSLSocket s = tlsSocket();
        send(s, "POST /admission HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> response(s, T.plus(SLACK)));
        drip(s, answer);
        assertThat(answer.get()).startsWith("HTTP/1.1 408");
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void aSlowBodyIs408AfterTheBodyDeadline() throws Exception {
        SSLSocket s = tlsSocket();
        send(s, "POST /admission HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> response(s, BODY.plus(SLACK)));
        drip(s, answer);
        assertThat(answer.get()).startsWith("HTTP/1.1 408");
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void aHandshakeThatNeverEndsIsCut() throws Exception {
        Socket stalled = tcpSocket();
        // a record header announcing a ClientHello of 512 bytes that never come
        stalled.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
        Socket silent = tcpSocket(); // and one that says nothing at all
        assertThat(closedWithin(stalled, HANDSHAKE.plus(SLACK))).isTrue();
        assertThat(closedWithin(silent, HANDSHAKE.plus(SLACK))).isTrue();
        aGoodReviewIsAnsweredAtOnce();
    }

    @ParameterizedTest
    @ValueSource(ints = {ClientHello.TLS10, ClientHello.TLS11})
    void tls10And11AreRefused(int version) throws Exception {
        assertThat(ClientHello.firstRecordType(
                        webhook.address(),
                        version,
                        ClientHello.ECDHE_RSA_AES128_CBC_SHA,
                        ClientHello.ECDHE_RSA_AES128_GCM))
                .isNotEqualTo(0x16);
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void onlyForwardSecretAeadSuitesAreTaken() throws Exception {
        InetSocketAddress a = webhook.address();
        // the hand-made hello works: an ECDHE suite with AES-GCM gets a ServerHello
        assertThat(ClientHello.firstRecordType(a, ClientHello.TLS12, ClientHello.ECDHE_RSA_AES128_GCM))
                .isEqualTo(0x16);
        assertThat(ClientHello.firstRecordType(
                        a,
                        ClientHello.TLS12,
                        ClientHello.ECDHE_RSA_AES128_CBC_SHA256,
                        ClientHello.ECDHE_RSA_AES128_CBC_SHA))
                .as("CBC suites")
                .isNotEqualTo(0x16);
        assertThat(ClientHello.firstRecordType(a, ClientHello.TLS12, ClientHello.RSA_AES128_GCM))
                .as("RSA key exchange, no forward secrecy")
                .isNotEqualTo(0x16);
        aGoodReviewIsAnsweredAtOnce();
    }

    static Stream<Arguments> malformed() {
        String good = new String(Fixtures.bytes("create-generatename.json"), StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("truncated JSON", "{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":"),
                Arguments.of("nested 100000 deep", "[".repeat(100_000)),
                Arguments.of("nested 150 deep inside the Pod", edit(r -> nest((ObjectNode) r.get("object"), 150))),
                Arguments.of(
                        "a 3 Mi character annotation",
                        edit(r -> ((ObjectNode) r.at("/object/metadata/annotations")).put("big", "a".repeat(3 << 20)))),
                Arguments.of(
                        "a 100-digit number",
                        good.replace(
                                "\"spec\": {",
                                "\"spec\": {\"terminationGracePeriodSeconds\": " + "9".repeat(100) + ",")),
                Arguments.of(
                        "a number with a huge exponent",
                        good.replace("\"spec\": {", "\"spec\": {\"terminationGracePeriodSeconds\": 1e999999999,")),
                Arguments.of(
                        "the uid twice", good.replace("\"uid\": \"0df28fbd", "\"uid\": \"x\", \"uid\": \"0df28fbd")),
                Arguments.of(
                        "request is a string",
                        "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"," + "\"request\":\"x\"}"),
                Arguments.of("request.uid is a number", edit(r -> r.put("uid", 5))),
                Arguments.of("request.operation is a number", edit(r -> r.put("operation", 7))),
                Arguments.of("request.resource is a string", edit(r -> r.put("resource", "pods"))),
                Arguments.of("request.dryRun is a string", edit(r -> r.put("dryRun", "yes"))),
                Arguments.of("request.object is an array", edit(r -> r.putArray("object"))),
                Arguments.of(
                        "request.object.metadata is a string",
                        edit(r -> ((ObjectNode) r.get("object")).put("metadata", "x"))),
                Arguments.of(
                        "request.object.metadata.annotations is an array",
                        edit(r -> ((ObjectNode) r.at("/object/metadata")).putArray("annotations"))),
                Arguments.of(
                        "request.object.spec.containers is an object",
                        edit(r -> ((ObjectNode) r.at("/object/spec")).putObject("containers"))),
                Arguments.of(
                        "request.object.spec.containers[0].name is an object",
                        edit(r -> ((ObjectNode) r.at("/object/spec/containers/0")).putObject("name"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedReviewIs400(String what, String body) throws Exception {
        HttpResponse<String> r = post(body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(what).isEqualTo(400);
        assertThat(r.body()).doesNotContain("\tat ", "Exception");
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void aHeapBombIs413WithoutBeingBuilt() throws Exception {
        // 8 MiB of empty containers: about 1.1 GB of fabric8 Containers if it were read
        String head = "{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"uid\":\"u\","
                + "\"operation\":\"CREATE\",\"resource\":{\"resource\":\"pods\"},\"namespace\":\"demo\",\"object\":{"
                + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"bomb\"},\"spec\":{\"containers\":[{}";
        StringBuilder b = new StringBuilder((8 << 20) + 16).append(head);
        while (b.length() < (8 << 20) - 100) {
            b.append(",{}");
        }
        b.append("]}}}}");
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(b.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("MiB of heap");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        aGoodReviewIsAnsweredAtOnce();
    }

    @Test
    void aFloodOfConnectionsDoesNotLockOutANewClient() throws Exception {
        // the server takes 32 connections: 100 that say nothing and 40 that send their headers byte by byte
        for (int i = 0; i < 100; i++) {
            tcpSocket();
        }
        List<SSLSocket> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                SSLSocket s = tlsSocket();
                send(s, "POST /admission HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                slow.add(s);
            } catch (IOException e) {
                // evicted before its handshake ended: what a flood gets
            }
        }
        aGoodReviewIsAnsweredAtOnce();
        String metrics = get("/metrics");
        assertThat(metrics).contains("kubetron_http_connections_closed_total{reason=\"evicted\"}");
    }

    /**
     * A review from a new client: answered and allowed before the longest deadline an attacker of these tests lives
     * under (the body deadline), so an answer that had to wait for the attackers to be cut fails. Not a speed test: a
     * new client's handshake on a loaded 2-core machine has taken over 2 s.
     */
    private static void aGoodReviewIsAnsweredAtOnce() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(Fixtures.bytes("create-generatename.json"));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode review = Fixtures.JSON.readTree(r.body());
        assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        assertThat(took).isLessThan(BODY.minusSeconds(1));
    }

    private static HttpResponse<String> post(byte[] body) throws Exception {
        HttpClient c = TestTls.clientTrusting(cert);
        return c.send(
                HttpRequest.newBuilder(uri("/admission"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(String path) throws Exception {
        return TestTls.clientTrusting(cert)
                .send(
                        HttpRequest.newBuilder(uri(path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static URI uri(String path) {
        return URI.create("https://127.0.0.1:" + webhook.address().getPort() + path);
    }

    private static String edit(Consumer<ObjectNode> change) {
        return new String(Fixtures.with("create-generatename.json", change), StandardCharsets.UTF_8);
    }

    /** {@code levels} objects one in another under an unknown field of the Pod (kept by fabric8, not refused). */
    private static void nest(ObjectNode pod, int levels) {
        ObjectNode n = pod.putObject("x");
        for (int i = 1; i < levels; i++) {
            n = n.putObject("x");
        }
    }

    private Socket tcpSocket() throws IOException {
        Socket s = new Socket();
        open.add(s);
        s.connect(webhook.address(), 5000);
        return s;
    }

    private SSLSocket tlsSocket() throws IOException {
        SSLSocket s = (SSLSocket)
                tls.createSocket(tcpSocket(), "127.0.0.1", webhook.address().getPort(), true);
        open.add(s);
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One byte (a space: fine in a header value and in JSON) every 100 ms until the server answers or closes. */
    private static void drip(Socket s, CompletableFuture<String> answer) throws InterruptedException {
        try {
            while (!answer.isDone()) {
                Thread.sleep(100);
                send(s, " ");
            }
        } catch (IOException e) {
            // closed by the server
        }
    }

    /** What the server sends until it closes, or until {@code within} has passed (then what came, or "open"). */
    private static String response(Socket s, Duration within) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + within.toNanos();
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (System.nanoTime() < deadline) {
                s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                got.write(buf, 0, n);
            }
        } catch (IOException e) {
            // reset or TLS close: what came is the answer
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        return text.isEmpty() ? "open or closed without an answer" : text;
    }

    /** Whether the server closes {@code s} within {@code within}. */
    private static boolean closedWithin(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // whatever the server says before it closes
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
