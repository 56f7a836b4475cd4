package io.kubetron.common.tls;

import static io.kubetron.common.tls.PemTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class TlsContextsTest {
    @Test
    void trustsExactlyTheGivenCas() throws Exception {
        List<X509Certificate> rsa = Pem.certificates(resource("rsa-cert.pem"));
        List<X509Certificate> ec = Pem.certificates(resource("ec-cert.pem"));
        TrustManager[] tms = TlsContexts.trustManagers(rsa);
        X509TrustManager tm = (X509TrustManager) tms[0];
        assertThatCode(() -> tm.checkServerTrusted(rsa.toArray(X509Certificate[]::new), "RSA"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> tm.checkServerTrusted(ec.toArray(X509Certificate[]::new), "EC"))
                .isInstanceOf(CertificateException.class);
        assertThat(TlsContexts.context(null, tms).getProtocol()).isEqualTo("TLS");
        assertThatThrownBy(() -> TlsContexts.trustManagers(List.of())).hasMessage("no CA certificate to trust");
    }

    @Test
    void presentsTheIdentity() throws Exception {
        KeyAndChain id = KeyAndChain.parse(resource("ec-cert.pem"), resource("ec-sec1.pem"), "crt", "key");
        KeyManager[] kms = TlsContexts.keyManagers(id);
        X509KeyManager km = (X509KeyManager) kms[0];
        String alias = km.chooseServerAlias("EC", null, null);
        assertThat(alias).isNotNull();
        assertThat(km.getCertificateChain(alias)).containsExactly(id.leaf());
    }
}
