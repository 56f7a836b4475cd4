package io.kubetron.common.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server key manager serving the certificate and key in two PEM files, reloaded when the files change: the next TLS
 * handshake after a rotation (cert-manager, a re-mounted Secret) uses the new certificate, with no restart. The files
 * are looked at (modification time, size and real path) at most once per {@code checkEvery}; a pair that fails to load
 * (a half-written rotation, a key that is not the certificate's) keeps the previous one in service and is retried.
 * Thread-safe.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);
    private static final String ALIAS = "identity-";
    private final Path certFile;
    private final Path keyFile;
    private final Duration checkEvery;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Loaded current;
    private volatile Loaded previous;
    private volatile long nextCheckMillis;
    /** Guarded by {@code lock}. */
    private String stamp;

    /**
     * Loads the pair now.
     *
     * @throws IOException or {@link GeneralSecurityException} when it cannot be loaded: a server does not start
     *     without a certificate
     */
    public ReloadingKeyManager(Path certFile, Path keyFile, Duration checkEvery, Clock clock)
            throws IOException, GeneralSecurityException {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.checkEvery = checkEvery;
        this.clock = clock;
        this.stamp = stamp();
        this.current = new Loaded(0, PemFiles.keyAndChain(certFile, keyFile));
        this.previous = current;
        this.nextCheckMillis = clock.millis() + checkEvery.toMillis();
    }

    /** The certificate in service (looking at the files first if it is time to). */
    public X509Certificate certificate() {
        return refresh().pair().leaf();
    }

    /**
     * One loaded pair; the alias names its generation, so that a handshake that chose an alias just before a reload
     * still gets a key and a chain that belong together.
     */
    private record Loaded(int generation, KeyAndChain pair) {
        String alias() {
            return ALIAS + generation;
        }
    }

    private Loaded refresh() {
        long now = clock.millis();
        if (now < nextCheckMillis) {
            return current;
        }
        synchronized (lock) {
            if (now < nextCheckMillis) {
                return current;
            }
            nextCheckMillis = now + checkEvery.toMillis();
            try {
                String s = stamp();
                if (!Objects.equals(s, stamp)) {
                    KeyAndChain pair = PemFiles.keyAndChain(certFile, keyFile);
                    previous = current;
                    current = new Loaded(current.generation() + 1, pair);
                    stamp = s;
                    LOG.info(
                            "tls reloaded cert={} subject=\"{}\" notAfter={}",
                            certFile,
                            pair.leaf().getSubjectX500Principal().getName(),
                            pair.leaf().getNotAfter());
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.warn(
                        "tls reload failed cert={} key={} error=\"{}\"; keeping the previous certificate",
                        certFile,
                        keyFile,
                        e.getMessage());
            }
            return current;
        }
    }

    private String stamp() throws IOException {
        // Secrets are mounted through a symlink swap: follow links, compare time and size of both files
        FileTime ct = Files.getLastModifiedTime(certFile);
        FileTime kt = Files.getLastModifiedTime(keyFile);
        return ct.toMillis() + "/" + Files.size(certFile) + "/" + kt.toMillis() + "/" + Files.size(keyFile) + "/"
                + certFile.toRealPath() + "/" + keyFile.toRealPath();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    private String alias(String keyType) {
        Loaded l = refresh();
        return matches(l, keyType) ? l.alias() : null;
    }

    private static boolean matches(Loaded l, String keyType) {
        String alg = l.pair().key().getAlgorithm();
        // TLS 1.3 asks with signature-scheme names ("EC", "RSA", "RSASSA-PSS", "Ed25519"...); TLS 1.2 with "EC_EC"...
        return keyType == null
                || keyType.startsWith(alg)
                || (alg.equals("RSA") && keyType.startsWith("RSASSA-PSS"))
                || (alg.equals("EC") && keyType.startsWith("EC"));
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String a = alias(keyType);
        return a == null ? null : new String[] {a};
    }

    private KeyAndChain byAlias(String alias) {
        Loaded c = current;
        Loaded p = previous;
        return c.alias().equals(alias) ? c.pair() : p.alias().equals(alias) ? p.pair() : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        KeyAndChain pair = byAlias(alias);
        return pair == null ? null : pair.chainArray();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        KeyAndChain pair = byAlias(alias);
        return pair == null ? null : pair.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
