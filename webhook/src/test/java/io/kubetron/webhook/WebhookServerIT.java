package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubetron.lab.Pki;
import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.server.ServerSettings;
import io.kubetron.webhook.server.WebhookServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The HTTPS server with a test double backend: endpoints, TLS versions, certificate rotation without restart. */
class WebhookServerIT {
    @TempDir
    Path dir;

    private final FakeBackend backend = FakeBackend.withRedBlueGreen();
    private Webhook webhook;
    private Pki.Identity id;
    private Path cert;
    private Path key;

    @BeforeEach
    void start() throws Exception {
        id = TestTls.serverIdentity(dir.resolve("pki1"), "ca1");
        cert = dir.resolve("tls.crt");
        key = dir.resolve("tls.key");
        Files.copy(id.certificate(), cert);
        Files.copy(id.privateKey(), key);
        ServerSettings s = new ServerSettings(
                new InetSocketAddress("127.0.0.1", 0),
                cert,
                key,
                Duration.ofMillis(100),
                Duration.ofMillis(200),
                Duration.ofSeconds(2));
        webhook = Webhook.start(
                backend, AdmissionSettings.defaults().withSigningKeys(TestSigning.writeTo(dir.resolve("keys"))), s);
    }

    @AfterEach
    void stop() {
        webhook.close();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + webhook.address().getPort() + path);
    }

    private HttpResponse<String> get(HttpClient c, String path) throws Exception {
        return c.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient c, String path, byte[] body) throws Exception {
        return c.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesReviewsOnBothPathsAndHealthReadinessMetrics() throws Exception {
        HttpClient c = TestTls.clientTrusting(id.caCertificate());
        for (String path : new String[] {WebhookServer.ADMISSION_PATH, WebhookServer.ADMISSION_ALIAS}) {
            HttpResponse<String> r = post(c, path, Fixtures.bytes("create-generatename.json"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode review = Fixtures.JSON.readTree(r.body());
            assertThat(review.at("/response/allowed").asBoolean()).isTrue();
            assertThat(review.at("/response/patchType").asString()).isEqualTo("JSONPatch");
            assertThat(r.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
        assertThat(get(c, "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(c, "/readyz").statusCode()).isEqualTo(200);
        assertThat(post(c, "/admission", "{\"kind\":\"Nope\"}".getBytes()).statusCode())
                .isEqualTo(400);
        assertThat(get(c, "/admission").statusCode()).isEqualTo(405);
        assertThat(get(c, "/nothing").statusCode()).isEqualTo(404);
        String metrics = get(c, "/metrics").body();
        assertThat(metrics)
                .contains("kubetron_webhook_admissions_total{operation=\"CREATE\",result=\"mutated\"} 2.0")
                .contains("kubetron_webhook_admission_duration_seconds_bucket")
                // one backend call per Pod, whatever its number of networks
                .contains("kubetron_webhook_backend_call_duration_seconds_count{call=\"createPorts\"} 2")
                .contains("kubetron_webhook_invalid_reviews_total 1.0");
    }

    @Test
    void readinessFollowsTheBackend() throws Exception {
        HttpClient c = TestTls.clientTrusting(id.caCertificate());
        assertThat(get(c, "/readyz").statusCode()).isEqualTo(200);
        backend.down = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> get(c, "/readyz").statusCode() == 503);
        assertThat(get(c, "/readyz").body()).contains("backend is down");
        assertThat(get(c, "/healthz").statusCode()).isEqualTo(200);
        String metrics = get(c, "/metrics").body();
        assertThat(metrics).contains("kubetron_webhook_backend_errors_total{call=\"check\",reason=\"unavailable\"}");
        backend.down = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> get(c, "/readyz").statusCode() == 200);
    }

    @Test
    void aRotatedCertificateIsServedWithoutRestart() throws Exception {
        Pki.Identity next = TestTls.serverIdentity(dir.resolve("pki2"), "ca2");
        HttpClient before = TestTls.clientTrusting(id.caCertificate());
        assertThat(issuer(get(before, "/healthz"))).contains("CN=ca1");
        // as a Secret volume rotates: new files replace the old ones
        Files.copy(next.privateKey(), key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(cert, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        HttpClient both = TestTls.clientTrusting(id.caCertificate(), next.caCertificate());
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> issuer(get(TestTls.clientTrusting(id.caCertificate(), next.caCertificate()), "/healthz"))
                        .contains("CN=ca2"));
        assertThat(get(both, "/healthz").statusCode()).isEqualTo(200);
        assertThat(webhook.server()
                        .keys()
                        .certificate()
                        .getIssuerX500Principal()
                        .getName())
                .contains("CN=ca2");
    }

    @Test
    void aHalfWrittenRotationKeepsThePreviousCertificate() throws Exception {
        Pki.Identity next = TestTls.serverIdentity(dir.resolve("pki3"), "ca3");
        Files.copy(next.certificate(), cert, StandardCopyOption.REPLACE_EXISTING); // the key is still the old one
        Thread.sleep(300);
        HttpClient c = TestTls.clientTrusting(id.caCertificate());
        assertThat(issuer(get(c, "/healthz"))).contains("CN=ca1");
    }

    @Test
    void servesAnRsaPkcs1KeyOverTls12AndTls13() throws Exception {
        Path rsaCert = dir.resolve("rsa.crt");
        Path rsaKey = dir.resolve("rsa.key");
        io.kubetron.webhook.server.RsaTls.write(rsaCert, rsaKey);
        try (Webhook rsa = Webhook.start(
                backend,
                AdmissionSettings.defaults().withSigningKeys(dir.resolve("keys")),
                ServerSettings.of(new InetSocketAddress("127.0.0.1", 0), rsaCert, rsaKey))) {
            for (String protocol : new String[] {"TLSv1.2", "TLSv1.3"}) {
                HttpClient c = TestTls.clientTrusting(protocol, rsaCert);
                HttpResponse<String> r = c.send(
                        HttpRequest.newBuilder(URI.create(
                                        "https://127.0.0.1:" + rsa.address().getPort() + "/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
            }
        }
    }

    private static String issuer(HttpResponse<?> r) throws Exception {
        return ((X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0])
                .getIssuerX500Principal()
                .getName();
    }
}
