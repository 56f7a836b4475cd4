package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.common.tls.TlsContexts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.Pki;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.signing.TestSigning;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kubetron webhook} started as a cluster starts it, from its settings only: the backend from the environment
 * (the OVN tools' {@code OVN_NB_DB}, as {@code kubetron lab env} prints it), the server from {@code KUBETRON_*}
 * variables, the key pair from the {@code --config} file, and a flag over the file's {@code max-networks}. It serves
 * over HTTPS against the lab's OVN, admits by those settings, and stops on an interrupt.
 */
@ExtendWith(LabExtension.class)
class WebhookCommandIT {
    private static final String REVIEW = """
            {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
              "uid": "it-1", "operation": "CREATE", "namespace": "default",
              "kind": {"group": "", "version": "v1", "kind": "Pod"},
              "resource": {"group": "", "version": "v1", "resource": "pods"},
              "object": {"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "p", "namespace": "default",
                  "annotations": {"kubetron.network.kubevirt.io/networks": "red, blue, green"}},
                "spec": {"containers": [{"name": "c", "image": "i"}]}}}}
            """;

    @Test
    void itStartsFromItsSettingsServesByThemAndStopsOnAnInterrupt(Lab lab, @TempDir Path dir) throws Exception {
        Pki.Identity id = Pki.createCa(dir.resolve("pki"), "kubetron-it-ca").issue("webhook");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("webhook.yaml");
        Files.writeString(
                file,
                "tls-cert: " + id.certificate() + "\ntls-key: " + id.privateKey() + "\nmax-networks: 5\n"
                        + "signing-keys: " + TestSigning.writeTo(dir.resolve("signing-keys")) + "\n");
        Map<String, String> env = Map.of(
                "OVN_NB_DB",
                lab.endpoints().nb(),
                "KUBETRON_ADDRESS",
                "127.0.0.1",
                "KUBETRON_PORT",
                Integer.toString(port),
                "KUBETRON_LIFECYCLE",
                "false",
                // no Kubernetes API here: the names are backend networks, as the original had them
                "KUBETRON_NETWORKS_FROM",
                "backend");
        CommandLine cl = Main.commandLine(env);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        AtomicInteger rc = new AtomicInteger(-1);
        Thread webhook = Thread.ofPlatform()
                .name("it-webhook")
                .start(() -> rc.set(cl.execute("webhook", "--config", file.toString(), "--max-networks", "2")));
        try {
            HttpClient c = HttpClient.newBuilder()
                    .sslContext(TlsContexts.trusting(id.caCertificate()))
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            URI base = URI.create("https://127.0.0.1:" + port);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int ready = 0;
            while (ready != 200 && System.nanoTime() < deadline && webhook.isAlive()) {
                try {
                    ready = c.send(
                                    HttpRequest.newBuilder(base.resolve("/readyz"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(ready).as("readyz; stderr: " + err).isEqualTo(200);
            HttpResponse<String> denied = c.send(
                    HttpRequest.newBuilder(base.resolve("/apis/kubetron.network.kubevirt.io/v1alpha1/admission"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(REVIEW))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.body())
                    .as("--max-networks 2 wins over the file's 5")
                    .containsPattern("\"allowed\"\\s*:\\s*false")
                    .contains("3 networks requested, at most 2 are allowed");
        } finally {
            webhook.interrupt();
            webhook.join(Duration.ofSeconds(30));
        }
        assertThat(webhook.isAlive()).isFalse();
        assertThat(rc.get()).as(err.toString()).isZero();
    }

    @Test
    void aWrongSettingStopsTheStartWithItsKeyAndSource() {
        CommandLine cl = Main.commandLine(Map.of("KUBETRON_PORT", "99999", "KUBETRON_OVN_NB", "unix:/nowhere"));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute("webhook", "--tls-cert", "c", "--tls-key", "k")).isEqualTo(2);
        assertThat(err.toString()).contains("KUBETRON_PORT (environment): 99999 is outside 0-65535");
    }
}
