package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {

    @Test
    void issuedCertificatesVerifyAgainstTheirCaOnly(@TempDir Path dir) throws Exception {
        Pki pki = Pki.createCa(dir, "one");
        Pki.Identity id = pki.issue("server");
        Pki other = Pki.createCa(dir, "two");

        X509Certificate cert = read(id.certificate());
        cert.verify(read(pki.caCertFile()).getPublicKey());
        assertThatThrownBy(() -> cert.verify(read(other.caCertFile()).getPublicKey()))
                .isInstanceOf(SignatureException.class);
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(Files.readString(id.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(id.privateKey()).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
