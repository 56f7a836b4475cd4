package io.kubetron.webhook;

import io.kubetron.common.tls.PemFiles;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.lab.Pki;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

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
            List<X509Certificate> cas = new ArrayList<>();
            for (Path ca : caFiles) {
                cas.addAll(PemFiles.certificates(ca));
            }
            SSLContext ctx = TlsContexts.context(null, TlsContexts.trustManagers(cas));
            HttpClient.Builder b = HttpClient.newBuilder()
                    .sslContext(ctx)
                    .connectTimeout(Duration.ofSeconds(5))
                    .version(HttpClient.Version.HTTP_1_1);
            if (protocol != null) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setProtocols(new String[] {protocol});
                b.sslParameters(p);
            }
            return b.build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS client", e);
        }
    }
}
