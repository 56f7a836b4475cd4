package io.kubetron.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkStatusTest {
    private static final List<NetworkStatus.Entry> ENTRIES = List.of(
            new NetworkStatus.Entry("red", "red-abc", List.of("10.1.0.5"), "0a:58:0a:01:00:05"),
            new NetworkStatus.Entry("blue", "blue-x", List.of(), "0a:58:0a:01:00:06"));

    @Test
    void mergeKeepsWhatOthersWroteAndReplacesOnlyKubetronsEntries() {
        String multus = "[{\"name\":\"ovn-kubernetes\",\"interface\":\"eth0\",\"ips\":[\"10.244.1.5\"],"
                + "\"mac\":\"0a:58:0a:f4:01:05\",\"default\":true,\"dns\":{}},"
                + "{\"name\":\"default/macvlan\",\"interface\":\"net1\",\"ips\":[\"192.168.1.20\"]},"
                + "{\"name\":\"red\",\"interface\":\"red-abc\",\"ips\":[\"10.1.0.9\"],\"mac\":\"old\"}]";
        String merged = NetworkStatus.merge(
                multus,
                java.util.List.of(
                        new NetworkStatus.Entry("red", "red-abc", java.util.List.of("10.1.0.4"), "02:00:00:00:00:01")),
                java.util.Set.of("red-abc"));
        assertThat(merged)
                .startsWith("[{\"name\":\"ovn-kubernetes\",\"interface\":\"eth0\",\"ips\":[\"10.244.1.5\"],"
                        + "\"mac\":\"0a:58:0a:f4:01:05\",\"default\":true,\"dns\":{}},"
                        + "{\"name\":\"default/macvlan\",\"interface\":\"net1\",\"ips\":[\"192.168.1.20\"]},")
                .endsWith(
                        "{\"default\":false,\"interface\":\"red-abc\",\"ips\":[\"10.1.0.4\"],\"mac\":\"02:00:00:00:00:01\","
                                + "\"name\":\"red\"}]")
                .doesNotContain("10.1.0.9");
        assertThat(NetworkStatus.merge(null, java.util.List.of(), java.util.Set.of()))
                .isEqualTo("[]");
        assertThat(NetworkStatus.merge("not json", java.util.List.of(), java.util.Set.of()))
                .isEqualTo("[]");
    }

    @Test
    void theAnnotationIsTheNpwgOne() {
        assertThat(Annotations.NETWORK_STATUS).isEqualTo("k8s.v1.cni.cncf.io/network-status");
    }

    @Test
    void theValueIsByteForByteWhatTheNodeAgentAlwaysWrote() {
        // the node agent's earlier writer (sorted keys, compact) plus the spec's "default": false
        assertThat(NetworkStatus.toJson(ENTRIES))
                .isEqualTo("[{\"default\":false,\"interface\":\"red-abc\",\"ips\":[\"10.1.0.5\"],"
                        + "\"mac\":\"0a:58:0a:01:00:05\",\"name\":\"red\"},{\"default\":false,\"interface\":\"blue-x\","
                        + "\"ips\":[],\"mac\":\"0a:58:0a:01:00:06\",\"name\":\"blue\"}]");
        assertThat(NetworkStatus.toJson(List.of(new NetworkStatus.Entry(
                        "apps/red", "net1", List.of("10.1.0.7"), "02:00:00:00:00:07", false, List.of("10.1.0.1")))))
                .isEqualTo("[{\"default\":false,\"gateway\":[\"10.1.0.1\"],\"interface\":\"net1\","
                        + "\"ips\":[\"10.1.0.7\"],\"mac\":\"02:00:00:00:00:07\",\"name\":\"apps/red\"}]");
    }

    @Test
    void readsBackAndIgnoresOtherWritersKeys() {
        assertThat(NetworkStatus.parse(NetworkStatus.toJson(ENTRIES))).isEqualTo(ENTRIES);
        assertThat(NetworkStatus.parse(
                        "[{\"name\":\"cluster\",\"interface\":\"eth0\",\"default\":true," + "\"dns\":{}}]"))
                .containsExactly(new NetworkStatus.Entry("cluster", "eth0", List.of(), null, true, List.of()));
    }

    @Test
    void malformedValuesSayWhichAnnotation() {
        assertThatThrownBy(() -> NetworkStatus.parse("{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k8s.v1.cni.cncf.io/network-status");
    }
}
