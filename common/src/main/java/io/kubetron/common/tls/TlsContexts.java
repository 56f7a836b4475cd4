package io.kubetron.common.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds TLS contexts from PEM material, one way for every protocol. The trust managers are the JDK's PKIX ones, which
 * check host names whenever the connection asks for it ({@code java.net.http.HttpClient} always does; raw sockets
 * set {@code SSLParameters#setEndpointIdentificationAlgorithm("HTTPS")}). Nothing here turns that off, except
 * {@link #trustingAnything()}, which an operator must ask for by name. Stateless, hence thread-safe.
 */
public final class TlsContexts {
    private static final char[] NO_PASSWORD = new char[0];
    /** The only protocol versions a Kubetron server speaks. */
    public static final List<String> SERVER_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsContexts() {}

    /** Trust managers whose only anchors are {@code cas}. */
    public static TrustManager[] trustManagers(List<X509Certificate> cas) throws GeneralSecurityException {
        if (cas.isEmpty()) {
            throw new PemException("no CA certificate to trust");
        }
        KeyStore trust = emptyStore();
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /** Key managers that present {@code identity} (a static pair; see {@link ReloadingKeyManager} for files). */
    public static KeyManager[] keyManagers(KeyAndChain identity) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setKeyEntry("identity", identity.key(), NO_PASSWORD, identity.chainArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NO_PASSWORD);
        return kmf.getKeyManagers();
    }

    /** A context with these managers ({@code null} for the JDK's defaults). */
    public static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, trust, null);
        return ctx;
    }

    /**
     * A server-side engine of {@code ctx} that speaks TLS 1.3 and 1.2 only, with forward-secret AEAD suites only
     * ({@link #isServerSuite}), in the server's order of preference. The JDK's own defaults would also take TLS 1.2 CBC
     * suites (Lucky13-style padding oracles) and depend on {@code jdk.tls.disabledAlgorithms}, which an image or an
     * operator may loosen; this does not.
     */
    public static SSLEngine serverEngine(SSLContext ctx) {
        SSLEngine engine = ctx.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(SERVER_PROTOCOLS.toArray(String[]::new));
        p.setCipherSuites(Arrays.stream(p.getCipherSuites())
                .filter(TlsContexts::isServerSuite)
                .toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(p);
        return engine;
    }

    /**
     * Whether a server accepts cipher suite {@code name}: TLS 1.3's (all AEAD, all forward secret) and TLS 1.2's ECDHE
     * suites with AES-GCM or ChaCha20-Poly1305, i.e. no CBC, no static RSA or DH key exchange, no finite-field DHE
     * (costly for the server and weak with small groups), nothing export, anonymous or NULL.
     */
    public static boolean isServerSuite(String name) {
        if (name.equals("TLS_AES_128_GCM_SHA256")
                || name.equals("TLS_AES_256_GCM_SHA384")
                || name.equals("TLS_CHACHA20_POLY1305_SHA256")) {
            return true;
        }
        boolean ecdhe = name.startsWith("TLS_ECDHE_ECDSA_WITH_") || name.startsWith("TLS_ECDHE_RSA_WITH_");
        boolean aead = name.contains("_GCM_") || name.contains("_CHACHA20_POLY1305_");
        return ecdhe && aead;
    }

    /**
     * A client context trusting only the CA certificates in {@code caBundle} (PEM, one or more), or the JDK's default
     * trust store when {@code caBundle} is null; no client certificate.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or holds no certificate
     */
    public static SSLContext trusting(Path caBundle) {
        if (caBundle == null) {
            try {
                return SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return context(null, trustManagers(PemFiles.certificates(caBundle)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CA bundle " + caBundle + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad CA bundle " + caBundle + ": " + e.getMessage(), e);
        }
    }

    /**
     * A context for mutual TLS from PEM files: the peer verified against {@code caBundle}, {@code identity} (key and
     * certificate files, or null for none) presented. Reads the files now, so a bad file fails at configuration time.
     *
     * @throws IllegalArgumentException naming the files when one cannot be read or parsed
     */
    public static SSLContext mutual(Path keyFile, Path certificateFile, Path caBundle) {
        try {
            KeyManager[] keys = keyFile == null ? null : keyManagers(PemFiles.keyAndChain(certificateFile, keyFile));
            return context(keys, trustManagers(PemFiles.certificates(caBundle)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(
                    "cannot load TLS files (key " + keyFile + ", certificate " + certificateFile + ", CA " + caBundle
                            + "): " + e.getMessage(),
                    e);
        }
    }

    /**
     * A context that accepts any certificate for any host: only for an {@code insecure} mode an operator asked for
     * explicitly. Its trust manager is an {@link X509ExtendedTrustManager}, so the JDK's host name check (done inside
     * the trust manager) is skipped too.
     */
    public static SSLContext trustingAnything() {
        try {
            return context(null, new TrustManager[] {new TrustAll()});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an empty key store", e);
        }
        return ks;
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

        @Override
        public void checkClientTrusted(X509Certificate[] c, String a) {}

        @Override
        public void checkServerTrusted(X509Certificate[] c, String a) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
