package io.kubetron.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.common.settings.SettingsException;
import io.kubetron.node.plumbing.AddressMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAgentSettingsTest {
    @Test
    void defaultsAreTheKubeletsAndOvsPaths() {
        NodeAgentSettings s = NodeAgentSettings.fromMap(Map.of("node-name", "worker-1"));
        assertThat(s.ovsdb()).isEqualTo("unix:/var/run/openvswitch/db.sock");
        assertThat(s.bridge()).isEqualTo("br-int");
        assertThat(s.devicePlugin().pluginDir()).isEqualTo(Path.of("/var/lib/kubelet/device-plugins"));
        assertThat(s.devicePlugin().integrationBridge()).isEqualTo("br-int");
        assertThat(s.devicePlugin().healthInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.podResourcesSocket()).isEqualTo(Path.of("/var/lib/kubelet/pod-resources/kubelet.sock"));
        assertThat(s.addressMode()).isEqualTo(AddressMode.DHCP);
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.resync()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.datapathNetns()).isEmpty();
        assertThat(s.proc()).isEqualTo(Path.of("/proc"));
        assertThat(s.metrics()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(9465));
        assertThat(s.preStart()).isTrue();
        assertThat(s.fieldSelector()).isTrue();
        assertThat(s.signingKeys()).isEqualTo(Path.of("/var/run/secrets/kubetron/networks-signing"));
    }

    @Test
    void everyProblemIsNamedInOneError() {
        assertThatThrownBy(() -> NodeAgentSettings.fromMap(Map.of(
                        "node-name",
                        "Bad_Name",
                        "concurrency",
                        "0",
                        "resync",
                        "soon",
                        "address-mode",
                        "magic",
                        "ovsdb",
                        "db.sock",
                        "colour",
                        "blue")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("node agent settings: ")
                .hasMessageContaining("unknown setting 'colour' in given")
                .hasMessageContaining("node-name (given): 'Bad_Name' is not a Kubernetes node name")
                .hasMessageContaining("concurrency (given): 0 is outside 1-64")
                .hasMessageContaining("resync (given): 'soon' is not a duration")
                .hasMessageContaining("address-mode (given): 'magic' is not dhcp or static")
                .hasMessageContaining("ovsdb (given): 'db.sock' is not unix:/PATH");
    }

    @Test
    void theNodeNameIsRequired() {
        assertThatThrownBy(() -> NodeAgentSettings.fromMap(Map.of()))
                .hasMessageContaining("node-name is required: set --node-name, KUBETRON_NODE_NAME or node-name");
    }

    @Test
    void theDevKitSetsTheKnobsNoUserSees() {
        NodeAgentSettings s = NodeAgentSettings.fromMap(Map.of(
                "node-name", "n", "datapath-netns", "/run/netns/x", "proc", "/host/proc", "field-selector", "false"));
        assertThat(s.datapathNetns()).contains(Path.of("/run/netns/x"));
        assertThat(s.proc()).isEqualTo(Path.of("/host/proc"));
        assertThat(s.fieldSelector()).isFalse();
        assertThat(NodeAgentSettings.SETTINGS)
                .filteredOn(d -> d.devKit())
                .extracting(d -> d.key())
                .containsExactlyInAnyOrder("proc", "field-selector");
    }

    @Test
    void valuesAreReadAsTheirTypes() {
        NodeAgentSettings s = NodeAgentSettings.fromMap(Map.of(
                "node-name",
                "worker-2",
                "concurrency",
                "8",
                "resync",
                "2m",
                "pre-start",
                "false",
                "metrics-address",
                "off",
                "health-interval",
                "500ms",
                "main-devices",
                "10"));
        assertThat(s.nodeName()).isEqualTo("worker-2");
        assertThat(s.concurrency()).isEqualTo(8);
        assertThat(s.resync()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.preStart()).isFalse();
        assertThat(s.metrics()).isEmpty();
        assertThat(s.devicePlugin().healthInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.devicePlugin().mainDevices()).isEqualTo(10);
    }
}
