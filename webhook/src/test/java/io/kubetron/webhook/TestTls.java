package io.kubetron.webhook;

import io.kubetron.lab.Pki;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Test certificates from the lab's {@link Pki}, and JDK HTTP clients that trust exactly the given CAs. */
final class TestTls {
    private TestTls() {}

    static Pki.Identity serverIdentity(Path dir, String ca) {
        return Pki.createCa(dir, ca).issue("webhook");
    }

    static HttpClient clientTrusting(Path... caFiles) {
        return clientTrusting(null, caFiles);
    }

    /** A client that speaks only {@code protocol} ({@code TLSv1.2}...), or the JDK's default ones when null. */
    static HttpClient clientTrusting(String protocol, Path... caFiles) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            int i = 0;
            for (Path ca : caFiles) {
                try (InputStream in = Files.newInputStream(ca)) {
                    ks.setCertificateEntry("ca" + i++, (X509Certificate) cf.generateCertificate(in));
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient.Builder b = HttpClient.newBuilder()
                    .sslContext(ctx)
                    .connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1);
            if (protocol != null) {
                javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
                p.setProtocols(new String[] {protocol});
                b.sslParameters(p);
            }
            return b.build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS client", e);
        }
    }
}
