package io.kubetron.webhook.bench;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.Webhook;
import io.kubetron.webhook.server.ServerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The webhook as its own process, as it runs in a cluster, so that the benchmark measures its RSS alone. Args:
 * {@code CERT KEY}; backend settings from the environment. Prints {@code READY <port>} and serves until stdin closes.
 */
public final class WebhookProcess {
    private WebhookProcess() {}

    public static void main(String[] args) throws Exception {
        // a key set of its own: the benchmark's Pods go to no node agent
        Path keys = KeySetDirectory.create(
                Files.createTempDirectory("kubetron-bench-keys").resolve("keys"), "bench");
        try (NetworkBackend b = Backends.open(BackendSettings.fromMap(System.getenv(), null));
                Webhook w = Webhook.start(
                        b,
                        AdmissionSettings.defaults().withSigningKeys(keys),
                        ServerSettings.of(new InetSocketAddress("127.0.0.1", 0), Path.of(args[0]), Path.of(args[1])))) {
            System.out.println("READY " + w.address().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the parent goes away
            }
        }
    }
}
