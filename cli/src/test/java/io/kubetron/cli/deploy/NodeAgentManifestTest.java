package io.kubetron.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kubetron.cli.Main;
import io.kubetron.cli.settings.ConfigFile;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.settings.Source;
import io.kubetron.node.agent.NodeAgentSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * The node agent's DaemonSet runs a command line `kubetron node-agent` accepts, with a ConfigMap that
 * {@link NodeAgentSettings} accepts, whose paths are where the DaemonSet mounts things, and with probes on the port
 * the agent serves them on.
 */
class NodeAgentManifestTest {
    private static final PodSpec SPEC =
            DeployObjects.nodeAgent().getSpec().getTemplate().getSpec();
    private static final Container AGENT = SPEC.getContainers().get(0);

    @Test
    void itsArgumentsAreAcceptedByTheNodeAgentCommand() {
        assertThat(AGENT.getCommand())
                .as("the image's entrypoint, kubetron, runs")
                .isEmpty();
        ParseResult parsed = Main.commandLine().parseArgs(AGENT.getArgs().toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("node-agent");
        assertThat(parsed.subcommand().hasMatchedOption("--config")).isTrue();
    }

    @Test
    void itsConfigMapIsAValidConfigurationOnceTheNodeNameIsGiven(@TempDir Path tmp) throws IOException {
        NodeAgentSettings s = settings(tmp);
        assertThat(s.nodeName()).isEqualTo("node-a");
        assertThat(s.metrics()).isPresent();
    }

    @Test
    void anUnknownKeyInTheConfigMapWouldBeRefused(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, configText() + "conccurency: 8\n");
        assertThatThrownBy(() -> resolve(f)).hasMessageContaining("unknown setting 'conccurency' in file " + f);
    }

    @Test
    void theDevKitsKnobsAreNoSettingsOfTheFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("dev.yaml");
        Files.writeString(f, configText() + "field-selector: \"false\"\n");
        assertThatThrownBy(() -> resolve(f)).hasMessageContaining("unknown setting 'field-selector'");
    }

    @Test
    void theNodeNameComesFromTheDownwardApi() {
        EnvVar nodeName = AGENT.getEnv().stream()
                .filter(e -> e.getName().equals("KUBETRON_NODE_NAME"))
                .findFirst()
                .orElseThrow();
        assertThat(nodeName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        assertThat(SPEC.getEnableServiceLinks())
                .as("a Service's KUBETRON_*_PORT variables would pass for settings")
                .isFalse();
    }

    @Test
    void everyPathOfTheSettingsIsInsideAVolumeOfTheRightKind(@TempDir Path tmp) throws IOException {
        NodeAgentSettings s = settings(tmp);
        assertThat(s.ovsdb()).startsWith("unix:");
        assertThat(volumeFor(Path.of(s.ovsdb().substring("unix:".length()))))
                .as("ovsdb socket")
                .isPresent()
                .get()
                .extracting(v -> v.getHostPath().getPath())
                .isEqualTo("/var/run/openvswitch");
        assertThat(volumeFor(s.devicePlugin().pluginDir()))
                .as("device-plugin-dir")
                .isPresent()
                .get()
                .extracting(v -> v.getHostPath().getPath())
                .isEqualTo("/var/lib/kubelet/device-plugins");
        assertThat(volumeFor(s.podResourcesSocket()))
                .as("pod-resources-socket")
                .isPresent()
                .get()
                .extracting(v -> v.getHostPath().getPath())
                .isEqualTo("/var/lib/kubelet/pod-resources");
        assertThat(volumeFor(s.ovnRundir()))
                .as("ovn-rundir")
                .isPresent()
                .get()
                .extracting(v -> v.getHostPath().getPath())
                .isEqualTo("/var/run/ovn");
        Volume state = volumeFor(s.stateDir()).orElseThrow(() -> new AssertionError("state-dir is not mounted"));
        assertThat(state.getEmptyDir())
                .as("state-dir: the agent's own scratch space")
                .isNotNull();
        assertThat(mountOf(state).getReadOnly()).as("state-dir writable").isNotEqualTo(Boolean.TRUE);
        assertThat(s.proc()).as("the host's /proc, through hostPID").isEqualTo(Path.of("/proc"));
        assertThat(SPEC.getHostPID()).isTrue();
        assertThat(s.datapathNetns())
                .as("the datapath is in the host network namespace, which is the agent's")
                .isEmpty();
        assertThat(SPEC.getHostNetwork()).isTrue();
        assertThat(volumeFor(Path.of("/tmp/netty")))
                .as("/tmp: the JVM's and netty's scratch (read-only root)")
                .isPresent()
                .get()
                .extracting(Volume::getEmptyDir)
                .isNotNull();
    }

    /** The key set the agent checks signatures with: the webhook's Secret, updated in place for rotations. */
    @Test
    void itChecksSignaturesWithTheNetworksSigningSecretMountedWithoutSubPath(@TempDir Path tmp) throws IOException {
        Path keys = settings(tmp).signingKeys();
        Volume v = volumeFor(keys).orElseThrow(() -> new AssertionError("signing-keys " + keys + " is not mounted"));
        assertThat(v.getSecret()).as("the key set comes from a Secret").isNotNull();
        assertThat(v.getSecret().getSecretName()).isEqualTo("kubetron-networks-signing");
        assertThat(v.getSecret().getOptional())
                .as("the agent does not start without it")
                .isNotEqualTo(Boolean.TRUE);
        VolumeMount m = mountOf(v);
        assertThat(m.getMountPath()).isEqualTo(keys.toString());
        assertThat(m.getSubPath())
                .as("a subPath mount never sees the Secret's updates")
                .isNull();
        assertThat(m.getReadOnly()).isTrue();
    }

    @Test
    void itsProbesAskTheAgentsHealthAndReadinessOnTheAgentsPort(@TempDir Path tmp) throws IOException {
        int port = settings(tmp).metrics().orElseThrow().getPort();
        assertThat(AGENT.getPorts()).anySatisfy(p -> {
            assertThat(p.getContainerPort()).isEqualTo(port);
            assertThat(p.getName()).isEqualTo("metrics");
        });
        assertThat(path(AGENT.getLivenessProbe())).isEqualTo("/healthz");
        assertThat(path(AGENT.getStartupProbe())).isEqualTo("/healthz");
        assertThat(path(AGENT.getReadinessProbe())).isEqualTo("/readyz");
        for (Probe p : new Probe[] {AGENT.getLivenessProbe(), AGENT.getReadinessProbe(), AGENT.getStartupProbe()}) {
            assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
            assertThat(p.getHttpGet().getScheme()).as("plain HTTP").isIn(null, "HTTP");
        }
    }

    @Test
    void itRunsOnEveryLinuxNodeNotMarkedWithoutOvnAsNodeCriticalWithBoundedMemory() {
        assertThat(SPEC.getTolerations()).anySatisfy(t -> {
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getKey()).isNull();
            assertThat(t.getEffect()).isNull();
        });
        assertThat(SPEC.getNodeSelector()).isNullOrEmpty();
        // every Linux node but those an operator marks as having no OVN: an agent that can never start would stall
        // the DaemonSet's rolling updates
        var terms = SPEC.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        assertThat(terms)
                .singleElement()
                .satisfies(t -> assertThat(t.getMatchExpressions())
                        .anySatisfy(e -> {
                            assertThat(e.getKey()).isEqualTo("kubernetes.io/os");
                            assertThat(e.getOperator()).isEqualTo("In");
                            assertThat(e.getValues()).containsExactly("linux");
                        })
                        .anySatisfy(e -> {
                            assertThat(e.getKey()).isEqualTo("kubetron.network.kubevirt.io/agent");
                            assertThat(e.getOperator()).isEqualTo("NotIn");
                            assertThat(e.getValues()).containsExactly("disabled");
                        }));
        assertThat(SPEC.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(AGENT.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(AGENT.getResources().getLimits()).containsKey("memory");
    }

    /** The ConfigMap's file, as the agent reads it, plus the node name the DaemonSet gives. */
    private static NodeAgentSettings settings(Path tmp) throws IOException {
        Path f = tmp.resolve("node-agent.yaml");
        Files.writeString(f, configText());
        return NodeAgentSettings.from(resolve(f));
    }

    /** As the agent resolves them: the DaemonSet's environment over the file. */
    private static Settings resolve(Path file) {
        return Settings.resolve(
                "node agent",
                NodeAgentSettings.SETTINGS,
                List.of(
                        Source.environment(Map.of("KUBETRON_NODE_NAME", "node-a")),
                        Source.file(file, ConfigFile.read(file))));
    }

    /** The ConfigMap key that the --config argument reaches through the container's volume mounts. */
    private static String configText() {
        String config = Main.commandLine()
                .parseArgs(AGENT.getArgs().toArray(String[]::new))
                .subcommand()
                .matchedOptionValue("--config", (Path) null)
                .toString();
        Volume v = volumeFor(Path.of(config)).orElseThrow(() -> new AssertionError(config + " is not mounted"));
        assertThat(v.getConfigMap()).as(config + " comes from a ConfigMap").isNotNull();
        String key =
                Path.of(mountOf(v).getMountPath()).relativize(Path.of(config)).toString();
        String data =
                DeployObjects.configMap(v.getConfigMap().getName()).getData().get(key);
        assertThat(data)
                .as("key " + key + " of ConfigMap " + v.getConfigMap().getName())
                .isNotNull();
        return data;
    }

    /** The volume whose mount holds {@code path} (the deepest mount wins). */
    private static Optional<Volume> volumeFor(Path path) {
        return AGENT.getVolumeMounts().stream()
                .filter(m -> path.normalize().startsWith(m.getMountPath()))
                .max((a, b) -> Integer.compare(
                        a.getMountPath().length(), b.getMountPath().length()))
                .flatMap(m -> SPEC.getVolumes().stream()
                        .filter(v -> v.getName().equals(m.getName()))
                        .findFirst());
    }

    private static VolumeMount mountOf(Volume v) {
        return AGENT.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(v.getName()))
                .findFirst()
                .orElseThrow();
    }

    private static String path(Probe p) {
        return p.getHttpGet().getPath();
    }
}
