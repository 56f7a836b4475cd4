package io.kubetron.webhook.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the webhook listens.
 *
 * @param address the address to bind ({@code 0.0.0.0:8443} in a Pod; port 0 picks a free one)
 * @param certFile PEM certificate chain, leaf first
 * @param keyFile PEM private key (PKCS#8, or PKCS#1 RSA)
 * @param tlsCheckEvery how often to look whether the certificate files changed
 * @param readyCacheFor how long a readiness answer is reused
 * @param readyTimeout how long the backend may take to answer the readiness check
 */
public record ServerSettings(
        InetSocketAddress address,
        Path certFile,
        Path keyFile,
        Duration tlsCheckEvery,
        Duration readyCacheFor,
        Duration readyTimeout) {

    public static ServerSettings of(InetSocketAddress address, Path certFile, Path keyFile) {
        return new ServerSettings(
                address, certFile, keyFile, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    public ServerSettings withTlsCheckEvery(Duration d) {
        return new ServerSettings(address, certFile, keyFile, d, readyCacheFor, readyTimeout);
    }
}
