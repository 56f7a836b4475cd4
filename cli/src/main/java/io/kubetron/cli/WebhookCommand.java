package io.kubetron.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.settings.Section;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.lifecycle.sweep.AdmissionFollowUp;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.Webhook;
import io.kubetron.webhook.create.PortsAdmitted;
import io.kubetron.webhook.select.ClusterDirectory;
import io.kubetron.webhook.select.NetworkDirectory;
import io.kubetron.webhook.server.ServerSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kubetron webhook}: the Pod admission webhook (see docs/webhook.md). Its settings (server, admission,
 * lifecycle controller, backend; {@link SettingsCatalog#WEBHOOK}) are read and validated before anything starts and
 * logged in one line. Runs until SIGTERM/SIGINT (or, in process, an interrupt), then stops accepting, lets requests
 * in flight finish and closes the backend.
 */
@Command(
        name = "webhook",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        modelTransformer = SettingsCatalog.WebhookFlags.class,
        description = "Serve the Pod admission webhook that creates ports.")
public final class WebhookCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCommand.class);
    /** How long the Networks, Namespaces and NetworkAttachmentDefinitions may take to list at start. */
    private static final java.time.Duration DIRECTORY_SYNC = java.time.Duration.ofSeconds(60);

    @Mixin
    SettingsOptions settings;

    /** The resolved settings (nothing starts): what {@link #call} runs with. */
    public Settings settings() {
        return settings.resolve(
                "webhook", Section.all(SettingsCatalog.WEBHOOK), BackendSettings.cloudsYaml(settings.home()));
    }

    @Override
    @SuppressWarnings("try") // the webhook runs until the try closes it: its body has no use for it
    public Integer call() throws Exception {
        Settings s = settings();
        ServerSettings server = settings.typed(s, ServerSettings::from);
        AdmissionSettings admission = settings.typed(s, AdmissionSettings::from);
        BackendSettings backend = settings.typed(s, BackendSettings::from);
        LifecycleSettings lifecycle =
                s.get(SettingsCatalog.LIFECYCLE) ? settings.typed(s, LifecycleSettings::from) : null;
        settings.log("webhook", s, true);
        // before the backend and the lifecycle controller: without a key set no admitted Pod's ports would be plugged
        KeySetDirectory.read(admission.signingKeys());
        // the shutdown hook wakes this thread and holds the JVM until the try below has closed everything
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    LOG.info("webhook stopping");
                    stopping.countDown();
                    awaitQuietly(closed);
                },
                "kubetron-webhook-shutdown");
        try {
            // the controller before the server, so every admission's ports are followed up
            boolean fromCluster = "cluster".equals(s.get(SettingsCatalog.NETWORKS_FROM));
            try (KubernetesClient client = fromCluster ? new KubernetesClientBuilder().build() : null;
                    ClusterDirectory directory = fromCluster ? ClusterDirectory.start(client, DIRECTORY_SYNC) : null;
                    NetworkBackend b = Backends.open(backend);
                    LifecycleController gc = lifecycle != null ? LifecycleController.start(b, lifecycle) : null;
                    Webhook w = Webhook.start(
                            b,
                            admission,
                            server,
                            followUp(gc),
                            directory != null ? directory : NetworkDirectory.BACKEND)) {
                if (gc != null) {
                    w.metrics().include(gc.metrics());
                }
                Runtime.getRuntime().addShutdownHook(hook);
                awaitStop(stopping, hook);
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    /** Admissions that made ports, handed to the lifecycle controller to check that their Pod was stored. */
    public static PortsAdmitted followUp(LifecycleController gc) {
        if (gc == null) {
            return PortsAdmitted.NONE;
        }
        return (namespace, podName, generateName, portIds) -> gc.admitted(
                new AdmissionFollowUp.Admitted(namespace, podName, generateName, java.util.Set.copyOf(portIds)));
    }

    /**
     * Until the shutdown hook runs or, in process (tests), this thread is interrupted; then the hook is no longer
     * needed.
     */
    static void awaitStop(CountDownLatch stopping, Thread hook) {
        try {
            stopping.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already
            }
        }
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
