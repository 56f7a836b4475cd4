package io.kubetron.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.lab.Pki;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key formats the webhook reads from files: PKCS#8 EC (the lab's, and cert-manager's with encoding PKCS8), PKCS#1 RSA. */
class PemFilesIT {
    @TempDir
    Path dir;

    @Test
    void readsPkcs8EcAndPkcs1Rsa() throws Exception {
        Pki.Identity ec = Pki.createCa(dir.resolve("ec"), "ca").issue("webhook");
        assertThat(PemFiles.read(ec.certificate(), ec.privateKey()).key().getAlgorithm())
                .isEqualTo("EC");
        Path cert = dir.resolve("rsa.crt");
        Path key = dir.resolve("rsa.key");
        RsaTls.write(cert, key);
        PemFiles.KeyAndChain rsa = PemFiles.read(cert, key);
        assertThat(rsa.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.chain()[0].getSubjectX500Principal().getName()).isEqualTo("CN=rsa-webhook");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        Pki.Identity a = Pki.createCa(dir.resolve("a"), "ca").issue("webhook");
        Pki.Identity b = Pki.createCa(dir.resolve("b"), "ca").issue("webhook");
        assertThatThrownBy(() -> PemFiles.read(a.certificate(), b.privateKey()))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> PemFiles.read(a.certificate(), a.certificate()))
                .hasMessageContaining("holds no PEM PRIVATE KEY");
    }
}
