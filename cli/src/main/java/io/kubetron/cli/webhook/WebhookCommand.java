package io.kubetron.cli.webhook;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.network.BackendOptions;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.lifecycle.admission.AdmissionFollowUp;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import io.kubetron.webhook.SidecarResources;
import io.kubetron.webhook.Webhook;
import io.kubetron.webhook.create.PortsAdmitted;
import io.kubetron.webhook.server.ServerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kubetron webhook}: the Pod admission webhook (see docs/webhook.md). Runs until SIGTERM/SIGINT, then stops
 * accepting, lets requests in flight finish and closes the backend.
 */
@Command(
        name = "webhook",
        mixinStandardHelpOptions = true,
        description = "Serve the Pod admission webhook that creates and deletes ports.")
public final class WebhookCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookCommand.class);

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--address", defaultValue = "0.0.0.0", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--tls-cert", required = true, description = "PEM certificate chain; reloaded when it changes.")
    Path tlsCert;

    @Option(names = "--tls-key", required = true, description = "PEM private key (PKCS#8 or PKCS#1 RSA).")
    Path tlsKey;

    @Mixin
    BackendOptions backend;

    @Option(
            names = "--lifecycle",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Run the port lifecycle controller beside the server (leader-elected; needs the API). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean lifecycle;

    @Option(
            names = "--max-networks",
            defaultValue = "" + AdmissionSettings.DEFAULT_MAX_NETWORKS,
            description = "Most networks one Pod may ask for (default: ${DEFAULT-VALUE}).")
    int maxNetworks;

    @Option(
            names = "--sidecar-image",
            defaultValue = AdmissionSettings.DEFAULT_SIDECAR_IMAGE,
            description = "Image of the injected container (default: ${DEFAULT-VALUE}).")
    String sidecarImage;

    @Option(
            names = "--sidecar-name",
            defaultValue = AdmissionSettings.DEFAULT_SIDECAR_NAME,
            description = "Name of the injected container (default: ${DEFAULT-VALUE}).")
    String sidecarName;

    @Option(
            names = "--injection",
            defaultValue = "init",
            converter = InjectionConverter.class,
            description = "Where the request container goes: init (first init container, as a native sidecar with "
                    + "restartPolicy Always: started before the Pod's other containers, stopped after them so Jobs "
                    + "complete; Kubernetes 1.29 or newer) or sidecar (appended to the containers, as the original; "
                    + "a Job's Pod then never completes). Default: ${DEFAULT-VALUE}.")
    InjectionMode injection;

    @Option(
            names = "--sidecar-cpu",
            defaultValue = "10m",
            description = "CPU request and limit of the injected container: both set, so namespace quotas and "
                    + "LimitRanges that require limits admit it (default: ${DEFAULT-VALUE}).")
    String sidecarCpu;

    @Option(
            names = "--sidecar-memory",
            defaultValue = "32Mi",
            description = "Memory request and limit of the injected container (default: ${DEFAULT-VALUE}).")
    String sidecarMemory;

    @Option(
            names = "--resource-namespace",
            defaultValue = "kubetron.network.kubevirt.io",
            description = "Prefix of the node resources requested (default: ${DEFAULT-VALUE}).")
    String resourceNamespace;

    @Option(
            names = "--ignore-namespace",
            split = ",",
            defaultValue = "kube-system,kubetron",
            description = "Namespaces never touched, besides the webhook configuration's selector "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> ignoredNamespaces;

    @Override
    public Integer call() throws Exception {
        AdmissionSettings admission = new AdmissionSettings(
                maxNetworks,
                sidecarName,
                sidecarImage,
                resourceNamespace,
                new LinkedHashSet<>(ignoredNamespaces),
                injection,
                new SidecarResources(sidecarCpu, sidecarMemory));
        Map<String, String> merged = backend.settings();
        BackendSettings settings = BackendSettings.fromMap(merged, backend.backend());
        ServerSettings server = ServerSettings.of(new InetSocketAddress(address, port), tlsCert, tlsKey);
        LOG.info("webhook starting backend={} admission={}", settings, admission);
        // the shutdown hook wakes this thread and holds the JVM until the try below has closed everything
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            // the controller before the server, so every admission's ports are followed up
            try (NetworkBackend b = Backends.open(settings);
                    LifecycleController gc =
                            lifecycle ? LifecycleController.start(b, LifecycleSettings.fromMap(merged)) : null;
                    Webhook w = Webhook.start(b, admission, server, followUp(gc))) {
                if (gc != null) {
                    w.metrics().include(gc.metrics());
                }
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    LOG.info("webhook stopping");
                                    stopping.countDown();
                                    awaitQuietly(closed);
                                },
                                "kubetron-webhook-shutdown"));
                stopping.await();
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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads {@code sidecar} or {@code init}; a wrong value is a usage error that names both (also the dev kit's demo). */
    public static final class InjectionConverter implements ITypeConverter<InjectionMode> {
        @Override
        public InjectionMode convert(String value) {
            try {
                return InjectionMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
