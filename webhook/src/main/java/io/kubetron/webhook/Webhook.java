package io.kubetron.webhook;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.common.signing.ReloadingSigningKeys;
import io.kubetron.webhook.create.PortsAdmitted;
import io.kubetron.webhook.metrics.MeteredBackend;
import io.kubetron.webhook.metrics.WebhookMetrics;
import io.kubetron.webhook.select.NetworkDirectory;
import io.kubetron.webhook.server.BackendReadiness;
import io.kubetron.webhook.server.ServerSettings;
import io.kubetron.webhook.server.WebhookServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;

/**
 * A running webhook: the HTTPS server, the admission handlers and the metrics around a backend, signing with the key
 * set of {@link AdmissionSettings#signingKeys()} (reloaded when it changes). The backend stays the caller's to close.
 */
public final class Webhook implements AutoCloseable {
    private final WebhookServer server;
    private final WebhookMetrics metrics;
    private final ReloadingSigningKeys keys;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Webhook(WebhookServer server, WebhookMetrics metrics, ReloadingSigningKeys keys) {
        this.server = server;
        this.metrics = metrics;
        this.keys = keys;
    }

    /**
     * Starts serving; fails when the certificate cannot be loaded, the address is taken, or there is no valid
     * networks-signing key set ({@link io.kubetron.common.signing.SigningKeysException}, saying how to make one).
     */
    public static Webhook start(NetworkBackend backend, AdmissionSettings admission, ServerSettings server)
            throws IOException, GeneralSecurityException {
        return start(backend, admission, server, PortsAdmitted.NONE);
    }

    /** Starts the server, telling {@code admitted} of every admission that made ports. */
    public static Webhook start(
            NetworkBackend backend, AdmissionSettings admission, ServerSettings server, PortsAdmitted admitted)
            throws IOException, GeneralSecurityException {
        return start(backend, admission, server, admitted, NetworkDirectory.BACKEND);
    }

    /**
     * Starts the server, telling {@code admitted} of every admission that made ports and resolving the names Pods
     * select through {@code directory} (which stays the caller's to close).
     */
    public static Webhook start(
            NetworkBackend backend,
            AdmissionSettings admission,
            ServerSettings server,
            PortsAdmitted admitted,
            NetworkDirectory directory)
            throws IOException, GeneralSecurityException {
        // first: without a key set no Pod could be admitted (its networksSpec would go unsigned)
        ReloadingSigningKeys keys = ReloadingSigningKeys.open(admission.signingKeys());
        try {
            WebhookMetrics metrics = new WebhookMetrics();
            metrics.signingKeys(keys);
            NetworkBackend metered = new MeteredBackend(backend, metrics);
            BackendReadiness readiness =
                    new BackendReadiness(metered, server.readyCacheFor(), server.readyTimeout(), Clock.systemUTC());
            WebhookServer s = WebhookServer.start(
                    server, Admission.of(metered, admission, keys, metrics, admitted, directory), readiness, metrics);
            return new Webhook(s, metrics, keys);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            keys.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public WebhookServer server() {
        return server;
    }

    public WebhookMetrics metrics() {
        return metrics;
    }

    /** Stops serving; idempotent (a shutdown hook and a try-with-resources may both close it). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
            keys.close();
        }
    }
}
