package io.kubetron.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.common.tls.KeyAndChain;
import io.kubetron.common.tls.PemException;
import io.kubetron.common.tls.PemFiles;
import io.kubetron.lab.Pki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key files the webhook serves with, as real issuers write them, read by Kubetron's one PEM reader: PKCS#8 EC (the
 * lab's, and cert-manager's with encoding PKCS8) and PKCS#1 RSA (cert-manager's default). Every other format is in
 * common's PemTest.
 */
class PemFilesIT {
    @TempDir
    Path dir;

    @Test
    void readsPkcs8EcAndPkcs1Rsa() throws Exception {
        Pki.Identity ec = Pki.createCa(dir.resolve("ec"), "ca").issue("webhook");
        assertThat(PemFiles.keyAndChain(ec.certificate(), ec.privateKey()).key().getAlgorithm())
                .isEqualTo("EC");
        Path cert = dir.resolve("rsa.crt");
        Path key = dir.resolve("rsa.key");
        RsaTls.write(cert, key);
        KeyAndChain rsa = PemFiles.keyAndChain(cert, key);
        assertThat(rsa.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(rsa.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=rsa-webhook");
    }

    @Test
    void refusesAKeyThatIsNotTheCertificatesNamingTheFiles() throws Exception {
        Pki.Identity a = Pki.createCa(dir.resolve("a"), "ca").issue("webhook");
        Pki.Identity b = Pki.createCa(dir.resolve("b"), "ca").issue("webhook");
        assertThatThrownBy(() -> PemFiles.keyAndChain(a.certificate(), b.privateKey()))
                .isInstanceOf(PemException.class)
                .hasMessage(
                        "the key in " + b.privateKey() + " does not belong to the certificate in " + a.certificate());
        assertThatThrownBy(() -> PemFiles.keyAndChain(a.certificate(), a.certificate()))
                .hasMessageStartingWith(a.certificate() + ": no private key block");
    }
}
