package io.kubetron.cli.webhook;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.settings.Section;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
import io.kubetron.common.settings.Settings;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.Webhook;
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
        description = "Serve the Pod admission webhook that creates and deletes ports.")
public final class WebhookCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCommand.class);

    @Mixin
    SettingsOptions settings;

    /** The resolved settings (nothing starts): what {@link #call} runs with. */
    public Settings settings() {
        return settings.resolve(
                "webhook", Section.all(SettingsCatalog.WEBHOOK), BackendSettings.cloudsYaml(settings.home()));
    }

    @Override
    public Integer call() throws Exception {
        Settings s = settings();
        ServerSettings server = settings.typed(s, ServerSettings::from);
        AdmissionSettings admission = settings.typed(s, AdmissionSettings::from);
        BackendSettings backend = settings.typed(s, BackendSettings::from);
        LifecycleSettings lifecycle =
                s.get(SettingsCatalog.LIFECYCLE) ? settings.typed(s, LifecycleSettings::from) : null;
        settings.log("webhook", s, true);
        CountDownLatch stopped = new CountDownLatch(1);
        try (NetworkBackend b = Backends.open(backend);
                Webhook w = Webhook.start(b, admission, server);
                LifecycleController gc = lifecycle != null ? LifecycleController.start(b, lifecycle) : null) {
            if (gc != null) {
                w.metrics().include(gc.metrics()::write);
            }
            Thread hook = new Thread(
                    () -> {
                        LOG.info("webhook stopping");
                        w.close();
                        stopped.countDown();
                    },
                    "kubetron-webhook-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                LOG.info("webhook stopping (interrupted)");
                Thread.currentThread().interrupt();
            } finally {
                removeHook(hook);
            }
        }
        return 0;
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }
}
