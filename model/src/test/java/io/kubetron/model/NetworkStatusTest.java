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
    void theAnnotationIsTheNpwgOne() {
        assertThat(Annotations.NETWORK_STATUS).isEqualTo("k8s.v1.cni.cncf.io/network-status");
    }

    @Test
    void theValueIsByteForByteWhatTheNodeAgentAlwaysWrote() {
        // the node agent's earlier writer: sorted keys, compact, no default flag
        assertThat(NetworkStatus.toJson(ENTRIES))
                .isEqualTo("[{\"interface\":\"red-abc\",\"ips\":[\"10.1.0.5\"],\"mac\":\"0a:58:0a:01:00:05\","
                        + "\"name\":\"red\"},{\"interface\":\"blue-x\",\"ips\":[],\"mac\":\"0a:58:0a:01:00:06\","
                        + "\"name\":\"blue\"}]");
    }

    @Test
    void readsBackAndIgnoresOtherWritersKeys() {
        assertThat(NetworkStatus.parse(NetworkStatus.toJson(ENTRIES))).isEqualTo(ENTRIES);
        assertThat(NetworkStatus.parse(
                        "[{\"name\":\"cluster\",\"interface\":\"eth0\",\"default\":true," + "\"dns\":{}}]"))
                .containsExactly(new NetworkStatus.Entry("cluster", "eth0", List.of(), null));
    }

    @Test
    void malformedValuesSayWhichAnnotation() {
        assertThatThrownBy(() -> NetworkStatus.parse("{"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k8s.v1.cni.cncf.io/network-status");
    }
}
