package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubetron.common.tls.KeyAndChain;
import io.kubetron.common.tls.PemFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gen-webhook-cert.sh, the way to a serving certificate without cert-manager, makes what the webhook loads
 * and the API server accepts: a CA, and a certificate signed by it for the Service's name, whose key the webhook's
 * own PEM reader reads; running it again renews the certificate under the same CA.
 */
class WebhookCertScriptTest {
    private static final String SERVICE = "kubetron-webhook.kubetron.svc";

    @Test
    void itMakesACaAndAServingCertificateTheWebhookLoads(@TempDir Path dir) throws Exception {
        String out = run(dir);
        X509Certificate ca = cert(dir.resolve("ca.crt"));
        X509Certificate serving = cert(dir.resolve("tls.crt"));
        serving.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(serving.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(serving.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains(SERVICE);
        assertThat(serving.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
        KeyAndChain loaded = PemFiles.keyAndChain(dir.resolve("tls.crt"), dir.resolve("tls.key"));
        assertThat(loaded.leaf()).isEqualTo(serving);
        // the caBundle it prints is the CA, as the API server wants it
        String bundle = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.crt")));
        assertThat(out).contains(bundle).contains("kubectl patch mutatingwebhookconfiguration kubetron");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca.key")).toString())
                .doesNotContain("OTHERS", "GROUP");
    }

    @Test
    void runningItAgainRenewsTheCertificateUnderTheSameCa(@TempDir Path dir) throws Exception {
        run(dir);
        byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));
        X509Certificate first = cert(dir.resolve("tls.crt"));
        run(dir);
        assertThat(Files.readAllBytes(dir.resolve("ca.crt")))
                .as("same caBundle")
                .isEqualTo(ca);
        X509Certificate second = cert(dir.resolve("tls.crt"));
        assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
        second.verify(cert(dir.resolve("ca.crt")).getPublicKey());
    }

    private static String run(Path dir) throws IOException, InterruptedException {
        assumeTrue(onPath("openssl") && onPath("bash"), "openssl or bash is missing: gen-webhook-cert.sh not run");
        Path script = DeployTree.root().resolve("gen-webhook-cert.sh");
        Process p = new ProcessBuilder(List.of("bash", script.toString(), dir.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static X509Certificate cert(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
