package io.kubetron.webhook.server;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the webhook listens; the address and the key pair are settings ({@link #SETTINGS}), the timings are
 * fixed (tests shorten them).
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

    public static final Setting<String> ADDRESS =
            Setting.of("address", SettingType.text("IP"), "Address to bind.").defaultsTo("0.0.0.0");
    public static final Setting<Integer> PORT = Setting.of(
                    "port", SettingType.integer(0, 65535), "HTTPS port (0: any free one).")
            .defaultsTo("8443");
    public static final Setting<Path> TLS_CERT = Setting.of(
                    "tls-cert",
                    SettingType.path("FILE"),
                    "PEM certificate chain, leaf first; checked for changes every 10s and reloaded.")
            .asRequired();
    public static final Setting<Path> TLS_KEY = Setting.of(
                    "tls-key", SettingType.path("FILE"), "PEM private key (PKCS#8: RSA, EC, Ed25519; or PKCS#1 RSA).")
            .asRequired();

    /** Every setting of the server. */
    public static final List<Setting<?>> SETTINGS = List.of(ADDRESS, PORT, TLS_CERT, TLS_KEY);

    public static ServerSettings of(InetSocketAddress address, Path certFile, Path keyFile) {
        return new ServerSettings(
                address, certFile, keyFile, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    /** The settings of resolved {@link #SETTINGS}, with the fixed timings. */
    public static ServerSettings from(Settings s) {
        return of(new InetSocketAddress(s.get(ADDRESS), s.get(PORT)), s.get(TLS_CERT), s.get(TLS_KEY));
    }

    public ServerSettings withTlsCheckEvery(Duration d) {
        return new ServerSettings(address, certFile, keyFile, d, readyCacheFor, readyTimeout);
    }
}
