package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.cli.Main;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.server.WebhookServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * The webhook's Deployment runs a command line `kubetron webhook` accepts, serves on the port its probes, Service and
 * MutatingWebhookConfiguration use, stays available through a drain, reads a valid backend configuration, and is
 * never called for its own namespace.
 */
class WebhookManifestTest {
    private static final Deployment DEPLOYMENT = DeployObjects.webhook();
    private static final PodSpec SPEC = DEPLOYMENT.getSpec().getTemplate().getSpec();
    private static final Container WEBHOOK = SPEC.getContainers().get(0);
    private static final MutatingWebhookConfiguration MWC =
            DeployObjects.named(MutatingWebhookConfiguration.class, "kubetron");

    @Test
    void itsArgumentsAreAcceptedByTheWebhookCommand() {
        assertThat(WEBHOOK.getCommand())
                .as("the image's entrypoint, kubetron, runs")
                .isEmpty();
        ParseResult parsed = Main.commandLine().parseArgs(WEBHOOK.getArgs().toArray(String[]::new));
        ParseResult webhook = parsed.subcommand();
        assertThat(webhook.commandSpec().name()).isEqualTo("webhook");
        assertThat(webhook.<String>matchedOptionValue("--sidecar-image", AdmissionSettings.DEFAULT_SIDECAR_IMAGE))
                .as("the injected container runs the hold image (images/hold)")
                .isEqualTo("ghcr.io/kubetron/hold:0.1.0");
        for (String option : List.of("--tls-cert", "--tls-key")) {
            Path file = Path.of(webhook.<String>matchedOptionValue(option, null));
            Volume v = volumeFor(file);
            assertThat(v.getSecret()).as(option + " comes from a Secret").isNotNull();
            assertThat(v.getSecret().getOptional())
                    .as(option + ": the webhook cannot serve without it")
                    .isNotEqualTo(Boolean.TRUE);
        }
    }

    @Test
    void probesServiceAndWebhookConfigurationReachThePortItServes() {
        int port = Integer.parseInt(Main.commandLine()
                .parseArgs(WEBHOOK.getArgs().toArray(String[]::new))
                .subcommand()
                .matchedOptionValue("--port", "8443"));
        ContainerPort https = WEBHOOK.getPorts().stream()
                .filter(p -> p.getContainerPort() == port)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no containerPort " + port));
        assertThat(WEBHOOK.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(WEBHOOK.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(WEBHOOK.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        for (var probe : List.of(WEBHOOK.getReadinessProbe(), WEBHOOK.getLivenessProbe(), WEBHOOK.getStartupProbe())) {
            assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(https.getName());
        }
        Service service = DeployObjects.named(Service.class, "kubetron-webhook");
        assertThat(LabelSelectors.matches(
                        new io.fabric8.kubernetes.api.model.LabelSelector(
                                List.of(), service.getSpec().getSelector()),
                        DEPLOYMENT.getSpec().getTemplate().getMetadata().getLabels()))
                .as("the Service selects the webhook's Pods")
                .isTrue();
        assertThat(MWC.getWebhooks()).hasSize(1).allSatisfy(w -> {
            var ref = w.getClientConfig().getService();
            assertThat(ref.getName()).isEqualTo(service.getMetadata().getName());
            assertThat(ref.getNamespace()).isEqualTo(service.getMetadata().getNamespace());
            assertThat(ref.getPath()).isEqualTo(WebhookServer.ADMISSION_PATH);
            ServicePort sp = service.getSpec().getPorts().stream()
                    .filter(p -> p.getPort().equals(ref.getPort()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the Service has no port " + ref.getPort()));
            assertThat(sp.getTargetPort().getStrVal()).isEqualTo(https.getName());
        });
    }

    @Test
    void aDrainNeverTakesBothReplicas() {
        assertThat(DEPLOYMENT.getSpec().getReplicas()).isEqualTo(2);
        PodDisruptionBudget pdb = DeployObjects.named(PodDisruptionBudget.class, "kubetron-webhook");
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(LabelSelectors.matches(
                        pdb.getSpec().getSelector(),
                        DEPLOYMENT.getSpec().getTemplate().getMetadata().getLabels()))
                .isTrue();
        assertThat(DEPLOYMENT
                        .getSpec()
                        .getStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isZero();
    }

    @Test
    void theWebhookIsNeverCalledForItsOwnNamespaceButIsForAUsersOne() {
        Namespace own =
                DeployObjects.named(Namespace.class, DEPLOYMENT.getMetadata().getNamespace());
        Map<String, String> labels = new HashMap<>(own.getMetadata().getLabels());
        labels.put("kubernetes.io/metadata.name", own.getMetadata().getName()); // set by the API server
        Map<String, String> user = Map.of("kubernetes.io/metadata.name", "default");
        Map<String, String> optedOut = Map.of(
                "kubernetes.io/metadata.name", "tenant-a", "kubetron.network.kubevirt.io/ignoreAdmission", "true");
        for (MutatingWebhook w : MWC.getWebhooks()) {
            assertThat(LabelSelectors.matches(w.getNamespaceSelector(), labels))
                    .as(w.getName() + " on kubetron")
                    .isFalse();
            // without the label the name alone keeps it out, and the label alone too
            labels.remove("kubetron.network.kubevirt.io/ignoreAdmission");
            assertThat(LabelSelectors.matches(w.getNamespaceSelector(), labels)).isFalse();
            labels.put("kubetron.network.kubevirt.io/ignoreAdmission", "true");
            assertThat(LabelSelectors.matches(w.getNamespaceSelector(), user))
                    .as(w.getName() + " on default")
                    .isTrue();
            assertThat(LabelSelectors.matches(w.getNamespaceSelector(), optedOut))
                    .isFalse();
        }
        assertThat(own.getMetadata().getLabels()).containsKey("kubetron.network.kubevirt.io/ignoreAdmission");
    }

    @Test
    void itsArgumentsAndEnvironmentAreValidSettingsWithoutServiceLinks() {
        Map<String, String> env = new java.util.HashMap<>(
                DeployObjects.configMap("kubetron-backend").getData());
        // what the downward API gives a Pod of the Deployment
        Map<String, String> fields = Map.of("metadata.namespace", "kubetron", "metadata.name", "kubetron-webhook-0");
        for (var e : WEBHOOK.getEnv()) {
            env.put(
                    e.getName(),
                    e.getValue() != null
                            ? e.getValue()
                            : fields.get(e.getValueFrom().getFieldRef().getFieldPath()));
        }
        ParseResult parsed = Main.commandLine(env).parseArgs(WEBHOOK.getArgs().toArray(String[]::new));
        var settings = ((io.kubetron.cli.WebhookCommand)
                        parsed.subcommand().commandSpec().userObject())
                .settings();
        assertThat(settings.get(io.kubetron.lifecycle.LifecycleSettings.LEASE_NAMESPACE))
                .isEqualTo("kubetron");
        assertThat(settings.get(io.kubetron.lifecycle.LifecycleSettings.IDENTITY))
                .isEqualTo("kubetron-webhook-0");
        assertThat(settings.get(AdmissionSettings.MAX_NETWORKS)).isEqualTo(8);
        assertThat(WEBHOOK.getEnv())
                .as("every KUBETRON_ variable the Deployment sets is a setting")
                .allSatisfy(e -> assertThat(
                                e.getName().startsWith("KUBETRON_")
                                        ? settings.definitions().stream()
                                                .anyMatch(
                                                        d -> d.env().orElse("").equals(e.getName()))
                                        : true)
                        .isTrue());
        assertThat(DeployObjects.webhook().getSpec().getTemplate().getSpec().getEnableServiceLinks())
                .as("a Service's KUBETRON_*_PORT variables would pass for settings")
                .isFalse();
    }

    /** The key set the webhook signs with: the Secret the node agents mount too, updated in place for rotations. */
    @Test
    void itSignsWithTheNetworksSigningSecretMountedWithoutSubPath() {
        ParseResult parsed = Main.commandLine().parseArgs(WEBHOOK.getArgs().toArray(String[]::new));
        Path keys = Path.of(parsed.subcommand()
                .matchedOptionValue(
                        "--signing-keys", io.kubetron.common.signing.KeySetDirectory.SETTING.defaultText()));
        Volume v = volumeFor(keys);
        assertThat(v.getSecret()).as("the key set comes from a Secret").isNotNull();
        assertThat(v.getSecret().getSecretName()).isEqualTo("kubetron-networks-signing");
        assertThat(v.getSecret().getOptional())
                .as("the webhook does not start without it")
                .isNotEqualTo(Boolean.TRUE);
        assertThat(WEBHOOK.getVolumeMounts())
                .filteredOn(m -> m.getName().equals(v.getName()))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPath()).isEqualTo(keys.toString());
                    assertThat(m.getSubPath())
                            .as("a subPath mount never sees the Secret's updates")
                            .isNull();
                    assertThat(m.getReadOnly()).isTrue();
                });
    }

    @Test
    void theBackendConfigMapIsAValidBackendConfigurationAndItsFilesAreMounted() {
        List<EnvFromSource> from = WEBHOOK.getEnvFrom();
        String configMap = from.stream()
                .filter(e -> e.getConfigMapRef() != null)
                .findFirst()
                .orElseThrow()
                .getConfigMapRef()
                .getName();
        Map<String, String> data = DeployObjects.configMap(configMap).getData();
        BackendSettings settings = BackendSettings.fromMap(data, null);
        if (settings.ovn() != null) {
            for (Path p : new Path[] {
                settings.ovn().privateKey(),
                settings.ovn().certificate(),
                settings.ovn().caCert()
            }) {
                if (p != null) {
                    assertThat(volumeFor(p).getSecret())
                            .as(p + " comes from a Secret")
                            .isNotNull();
                }
            }
        }
        assertThat(volumeFor(Path.of("/etc/openstack/clouds.yaml")).getSecret())
                .as("clouds.yaml where the OpenStack tools (and Kubetron) look for it")
                .isNotNull();
        assertThat(from).anySatisfy(e -> assertThat(e.getSecretRef()).isNotNull());
    }

    /** The volume mounted at (or above) {@code path} in the webhook container. */
    private static Volume volumeFor(Path path) {
        String name = WEBHOOK.getVolumeMounts().stream()
                .filter(m -> path.normalize().startsWith(m.getMountPath()))
                .max((a, b) -> Integer.compare(
                        a.getMountPath().length(), b.getMountPath().length()))
                .orElseThrow(() -> new AssertionError(path + " is not in a mounted volume"))
                .getName();
        return SPEC.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
