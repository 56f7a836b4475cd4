package io.kubetron.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.node.plumbing.AddressMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAgentSettingsTest {
    @Test
    void defaultsAreTheKubeletsAndOvsPaths() {
        NodeAgentSettings s = NodeAgentSettings.fromMap(Map.of("node-name", "worker-1"));
        assertThat(s.ovsdb()).isEqualTo("unix:/var/run/openvswitch/db.sock");
        assertThat(s.bridge()).isEqualTo("br-int");
        assertThat(s.devicePlugin().pluginDir()).isEqualTo(Path.of("/var/lib/kubelet/device-plugins"));
        assertThat(s.podResourcesSocket()).isEqualTo(Path.of("/var/lib/kubelet/pod-resources/kubelet.sock"));
        assertThat(s.addressMode()).isEqualTo(AddressMode.DHCP);
        assertThat(s.concurrency()).isEqualTo(4);
        assertThat(s.resync()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.datapathNetns()).isEmpty();
        assertThat(s.metrics()).hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(9465));
        assertThat(s.preStart()).isTrue();
        assertThat(s.fieldSelector()).isTrue();
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown setting 'colour'")
                .hasMessageContaining("node-name 'Bad_Name' is not a Kubernetes node name")
                .hasMessageContaining("concurrency 0 is outside 1-64")
                .hasMessageContaining("'soon' is not a duration")
                .hasMessageContaining("address-mode 'magic' is not dhcp or static")
                .hasMessageContaining("ovsdb 'db.sock' is not unix:/PATH");
    }

    @Test
    void theNodeNameIsRequired() {
        assertThatThrownBy(() -> NodeAgentSettings.fromMap(Map.of())).hasMessageContaining("node-name is required");
    }

    @Test
    void aConfigFileUsesTheFlagNames(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("node-agent.yaml");
        Files.writeString(
                f, "node-name: worker-2\nconcurrency: 8\nresync: 2m\npre-start: false\nmetrics-address: off\n");
        NodeAgentSettings s = NodeAgentSettings.fromMap(ConfigFile.read(f));
        assertThat(s.nodeName()).isEqualTo("worker-2");
        assertThat(s.concurrency()).isEqualTo(8);
        assertThat(s.resync()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.preStart()).isFalse();
        assertThat(s.metrics()).isEmpty();
    }

    @Test
    void aConfigFileThatIsNotAFlatMappingIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "node-name:\n  nested: true\n");
        assertThatThrownBy(() -> ConfigFile.read(f)).hasMessageContaining("'node-name' must be a single value");
    }
}
