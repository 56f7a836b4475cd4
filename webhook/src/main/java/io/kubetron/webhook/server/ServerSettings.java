package io.kubetron.webhook.server;

import io.kubetron.common.http.HttpLimits;
import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.webhook.review.ReviewCodec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the webhook listens; the address, the key pair and how many clients it serves at once are settings
 * ({@link #SETTINGS}), the timings and the other bounds are fixed (tests shorten them). The memory bounds follow the
 * heap ({@code -XX:MaxRAMPercentage} of the container's limit): request bodies held at once and the heap reviews may
 * take while they are read and answered are a quarter of it each.
 *
 * @param address the address to bind ({@code 0.0.0.0:8443} in a Pod; port 0 picks a free one)
 * @param certFile PEM certificate chain, leaf first
 * @param keyFile PEM private key (PKCS#8, or PKCS#1 RSA)
 * @param tlsCheckEvery how often to look whether the certificate files changed
 * @param readyCacheFor how long a readiness answer is reused
 * @param readyTimeout how long the backend may take to answer the readiness check
 * @param limits what one client may cost the server: connections, requests in flight, sizes and deadlines
 * @param reviewHeapBytes heap all reviews being read and answered may take together, by {@code
 *     ReviewCodec.heapEstimate}; a review estimated at more is refused with 413
 */
public record ServerSettings(
        InetSocketAddress address,
        Path certFile,
        Path keyFile,
        Duration tlsCheckEvery,
        Duration readyCacheFor,
        Duration readyTimeout,
        HttpLimits limits,
        long reviewHeapBytes) {

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

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.of(
                    "max-connections",
                    SettingType.integer(8, 100_000),
                    "Connections open at once. When all are taken, a new one replaces the oldest that has not yet"
                            + " sent a whole request, then the longest idle one; established API server connections"
                            + " are cut last.")
            .defaultsTo("512");
    public static final Setting<Integer> MAX_REQUESTS = Setting.of(
                    "max-requests",
                    SettingType.integer(1, 10_000),
                    "Admission requests handled at once; more are answered 503 (the API server's failurePolicy"
                            + " applies).")
            .defaultsTo("64");

    /** Every setting of the server. */
    public static final List<Setting<?>> SETTINGS =
            List.of(ADDRESS, PORT, TLS_CERT, TLS_KEY, MAX_CONNECTIONS, MAX_REQUESTS);

    /** The fixed timings without the bounds: the bounds of {@link #of}. */
    public ServerSettings(
            InetSocketAddress address,
            Path certFile,
            Path keyFile,
            Duration tlsCheckEvery,
            Duration readyCacheFor,
            Duration readyTimeout) {
        this(
                address,
                certFile,
                keyFile,
                tlsCheckEvery,
                readyCacheFor,
                readyTimeout,
                limits(512, 64),
                Runtime.getRuntime().maxMemory() / 4);
    }

    public static ServerSettings of(InetSocketAddress address, Path certFile, Path keyFile) {
        return new ServerSettings(
                address, certFile, keyFile, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3));
    }

    /** The settings of resolved {@link #SETTINGS}, with the fixed timings. */
    public static ServerSettings from(Settings s) {
        return of(new InetSocketAddress(s.get(ADDRESS), s.get(PORT)), s.get(TLS_CERT), s.get(TLS_KEY))
                .withLimits(limits(s.get(MAX_CONNECTIONS), s.get(MAX_REQUESTS)));
    }

    /**
     * The webhook's bounds: bodies up to {@link ReviewCodec#MAX_REVIEW_BYTES}, a quarter of the heap for all bodies
     * held at once; request line 8 KiB, headers 32 KiB in at most 100 lines (an API server sends a dozen); 10 s each
     * for a handshake, the headers and the body (the API server gives up after the webhook's timeoutSeconds, 10);
     * idle connections kept 120 s, longer than the API server's client keeps its idle ones (90 s).
     */
    public static HttpLimits limits(int connections, int inFlight) {
        long heap = Runtime.getRuntime().maxMemory();
        return HttpLimits.probes()
                .withConnections(connections, inFlight)
                .withBody(ReviewCodec.MAX_REVIEW_BYTES, Math.max(2L * ReviewCodec.MAX_REVIEW_BYTES, heap / 4))
                .withHeaders(8 * 1024, 32 * 1024, 100);
    }

    public ServerSettings withTlsCheckEvery(Duration d) {
        return new ServerSettings(address, certFile, keyFile, d, readyCacheFor, readyTimeout, limits, reviewHeapBytes);
    }

    public ServerSettings withLimits(HttpLimits l) {
        return new ServerSettings(
                address, certFile, keyFile, tlsCheckEvery, readyCacheFor, readyTimeout, l, reviewHeapBytes);
    }

    public ServerSettings withReviewHeap(long bytes) {
        return new ServerSettings(
                address, certFile, keyFile, tlsCheckEvery, readyCacheFor, readyTimeout, limits, bytes);
    }
}
