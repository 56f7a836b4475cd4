package io.kubetron.ovsdb.wire;

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
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The PKCS#1 and SEC1 files under src/test/resources/pem are throw-away keys made with openssl for this test. */
class PemTest {

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PemTest.class.getResourceAsStream("/pem/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static void assertPair(PrivateKey priv, PublicKey pub, String alg) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        s.initSign(priv);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(pub);
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
    }

    @Test
    void readsPkcs8EcAndRsa() throws GeneralSecurityException {
        for (String alg : new String[] {"EC", "RSA"}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
            g.initialize(alg.equals("EC") ? 256 : 2048);
            KeyPair kp = g.generateKeyPair();
            PrivateKey k = Pem.privateKey(pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
            assertThat(k.getAlgorithm()).isEqualTo(alg);
            assertPair(k, kp.getPublic(), alg.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA");
        }
    }

    @Test
    void readsPkcs1RsaAndSec1Ec() throws Exception {
        PrivateKey rsa = Pem.privateKey(resource("rsa-pkcs1.pem"));
        assertPair(rsa, publicKey("RSA", resource("rsa-pub.pem")), "SHA256withRSA");
        PrivateKey ec = Pem.privateKey(resource("ec-sec1.pem"));
        assertPair(ec, publicKey("EC", resource("ec-pub.pem")), "SHA256withECDSA");
    }

    @Test
    void explainsWhatIsMissing() {
        assertThatThrownBy(() -> Pem.privateKey("nothing here")).hasMessageContaining("no private key block");
        assertThatThrownBy(() -> Pem.privateKey(pem("ENCRYPTED PRIVATE KEY", new byte[] {1})))
                .hasMessageContaining("encrypted private keys are not supported");
        assertThatThrownBy(() -> Pem.certificates("")).hasMessageContaining("no BEGIN CERTIFICATE");
    }

    private static PublicKey publicKey(String alg, String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(alg)
                .generatePublic(new X509EncodedKeySpec(Pem.blocks(pem).get(0).der()));
    }
}
