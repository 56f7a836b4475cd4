package io.kubetron.ovsdb.wire;

import java.nio.file.Path;

/**
 * PEM files for {@code ssl:} endpoints, as OVS deployments configure them ({@code --private-key},
 * {@code --certificate}, {@code --ca-cert}). The server's certificate is always verified against the CA; host name
 * checking is off unless asked for, because OVS certificates usually carry no host name. Immutable.
 *
 * @param privateKey PEM private key (PKCS#8, or PKCS#1 RSA / SEC1 EC), or null for no client certificate
 * @param certificate PEM certificate (chain) matching the key, or null
 * @param caCertificate PEM CA certificate(s) trusted for the server
 * @param verifyHostname whether the server certificate must also name the host connected to
 */
public record TlsOptions(Path privateKey, Path certificate, Path caCertificate, boolean verifyHostname) {

    public TlsOptions {
        if ((privateKey == null) != (certificate == null)) {
            throw new IllegalArgumentException("give both a private key and a certificate, or neither");
        }
        if (caCertificate == null) {
            throw new IllegalArgumentException("a CA certificate is required to verify the server");
        }
    }

    /** Mutual TLS without host name checking, the usual OVS setup. */
    public static TlsOptions of(Path privateKey, Path certificate, Path caCertificate) {
        return new TlsOptions(privateKey, certificate, caCertificate, false);
    }

    public TlsOptions withHostnameVerification(boolean on) {
        return new TlsOptions(privateKey, certificate, caCertificate, on);
    }
}
