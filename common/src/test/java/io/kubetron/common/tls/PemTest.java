package io.kubetron.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Every key format Kubetron reads. The PKCS#1, SEC1 and certificate files under src/test/resources/pem are throw-away
 * keys made with openssl for this test (openssl genrsa / ecparam -genkey, req -x509); PKCS#8 keys are generated here.
 */
class PemTest {

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PemTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static void assertPair(PrivateKey priv, PublicKey pub, String alg) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        if (alg.equals("RSASSA-PSS")) {
            s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        s.initSign(priv);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(pub);
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void readsPkcs8OfEveryFamily() throws GeneralSecurityException {
        String[][] cases = {
            {"RSA", "RSA", "SHA256withRSA"},
            {"EC", "EC", "SHA256withECDSA"},
            {"Ed25519", "EdDSA", "Ed25519"},
            {"Ed448", "EdDSA", "Ed448"},
            {"RSASSA-PSS", "RSASSA-PSS", "RSASSA-PSS"},
        };
        for (String[] c : cases) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(c[0]);
            if (c[0].startsWith("RSA")) {
                g.initialize(2048);
            }
            KeyPair kp = g.generateKeyPair();
            PrivateKey k = Pem.privateKey(pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            assertThat(k.getAlgorithm()).as(c[0]).isEqualTo(c[1]);
            assertPair(k, kp.getPublic(), c[2]);
        }
    }

    @Test
    void readsPkcs1RsaAndSec1EcAfterItsParameters() throws Exception {
        PrivateKey rsa = Pem.privateKey(resource("rsa-pkcs1.pem"));
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
        assertPair(rsa, publicKey("RSA", resource("rsa-pub.pem")), "SHA256withRSA");
        // openssl ecparam -genkey writes an EC PARAMETERS block first
        assertThat(resource("ec-sec1.pem")).startsWith("-----BEGIN EC PARAMETERS-----");
        PrivateKey ec = Pem.privateKey(resource("ec-sec1.pem"));
        assertThat(ec.getAlgorithm()).isEqualTo("EC");
        assertPair(ec, publicKey("EC", resource("ec-pub.pem")), "SHA256withECDSA");
    }

    @Test
    void readsACertificateChainInOrder() throws Exception {
        String chain = resource("rsa-cert.pem") + "some text between\n" + resource("ec-cert.pem");
        assertThat(Pem.certificates(chain))
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=rsa-test", "CN=ec-test");
    }

    @Test
    void pairsAKeyWithItsCertificateOnly() throws Exception {
        KeyAndChain rsa = KeyAndChain.parse(resource("rsa-cert.pem"), resource("rsa-pkcs1.pem"), "tls.crt", "tls.key");
        assertThat(rsa.leaf().getSubjectX500Principal().getName()).isEqualTo("CN=rsa-test");
        assertThat(rsa.chainArray()).hasSize(1);
        KeyAndChain ec = KeyAndChain.parse(resource("ec-cert.pem"), resource("ec-sec1.pem"), "tls.crt", "tls.key");
        assertThat(ec.key().getAlgorithm()).isEqualTo("EC");

        assertThatThrownBy(() ->
                        KeyAndChain.parse(resource("rsa-cert.pem"), resource("ec-sec1.pem"), "tls.crt", "tls.key"))
                .isInstanceOf(PemException.class)
                .hasMessage("the key in tls.key does not belong to the certificate in tls.crt");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        String otherRsa = pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> KeyAndChain.parse(resource("rsa-cert.pem"), otherRsa, "tls.crt", "tls.key"))
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() ->
                        KeyAndChain.parse(resource("rsa-cert.pem"), resource("rsa-cert.pem"), "tls.crt", "tls.key"))
                .hasMessageStartingWith("tls.key: no private key block")
                .hasMessageContaining("(found CERTIFICATE)");
    }

    @Test
    void garbageGivesAClearError() {
        assertThatThrownBy(() -> Pem.privateKey("nothing here"))
                .isInstanceOf(PemException.class)
                .hasMessage("no private key block (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) "
                        + "(the text holds no PEM block)");
        assertThatThrownBy(() -> Pem.certificates(""))
                .hasMessage("no BEGIN CERTIFICATE block found (the text is empty)");
        assertThatThrownBy(() -> Pem.privateKey(pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})))
                .isInstanceOf(PemException.class)
                .hasMessageStartingWith("the PRIVATE KEY block is not an RSA, EC, Ed25519/Ed448 or RSASSA-PSS key");
        assertThatThrownBy(() -> Pem.privateKey(pem("RSA PRIVATE KEY", new byte[] {1, 2, 3})))
                .hasMessage("RSA PRIVATE KEY is not valid DER: truncated DER");
        assertThatThrownBy(() -> Pem.privateKey(pem("RSA PRIVATE KEY", new byte[] {0x04, 0x01, 0x00})))
                .hasMessage("RSA PRIVATE KEY is not a DER sequence");
        assertThatThrownBy(() -> Pem.privateKey(pem("EC PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})))
                .hasMessage("EC PRIVATE KEY names no curve");
        assertThatThrownBy(() -> Pem.privateKey(pem("EC PRIVATE KEY", new byte[] {0x30, 0x7f, 0x02})))
                .hasMessage("EC PRIVATE KEY is not valid DER: truncated DER");
        assertThatThrownBy(() -> Pem.certificates(pem("CERTIFICATE", new byte[] {0x30, 0x00})))
                .hasMessageStartingWith("certificate 1 is not a valid X.509 certificate");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nQQ=Q\n-----END CERTIFICATE-----"))
                .hasMessageStartingWith("the BEGIN CERTIFICATE block is not valid base64");
    }

    @Test
    void saysEncryptedKeysAreNotSupported() {
        assertThatThrownBy(() -> Pem.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1})))
                .hasMessageStartingWith("encrypted private keys are not supported");
        String legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.privateKey(legacy)).hasMessageStartingWith("encrypted private keys");
    }

    private static PublicKey publicKey(String alg, String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(alg)
                .generatePublic(new X509EncodedKeySpec(Pem.blocks(pem).get(0).der()));
    }
}
