package io.kubetron.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworksSpecTest {

    @Test
    void writesTheOriginalKeysSortedByNetwork() {
        NetworksSpec spec = NetworksSpec.of(Map.of(
                "red", new NetworksSpec.Port("red-bcxoeffrsw", "a77f", "4e:71:3b:ee:a5:f4", List.of()),
                "blue", new NetworksSpec.Port("blue-qwhzkmbte", "5b0c", "0e:3a:91:5c:22:7f", List.of("10.2.0.5"))));
        assertThat(spec.toJson()).isEqualTo(
                "{\"blue\":{\"portName\":\"blue-qwhzkmbte\",\"portID\":\"5b0c\",\"macAddress\":\"0e:3a:91:5c:22:7f\","
                        + "\"fixedIPs\":[\"10.2.0.5\"]},"
                        + "\"red\":{\"portName\":\"red-bcxoeffrsw\",\"portID\":\"a77f\",\"macAddress\":\"4e:71:3b:ee:a5:f4\"}}");
    }

    @Test
    void readsWhatTheOriginalWroteAndIgnoresUnknownKeys() {
        NetworksSpec spec = NetworksSpec.parse(
                "{\"red\":{\"portName\":\"red-x\",\"portID\":\"id1\",\"macAddress\":\"02:00:00:00:00:01\",\"extra\":1}}");
        assertThat(spec.ports().get("red").portId()).isEqualTo("id1");
        assertThat(spec.ports().get("red").fixedIps()).isEmpty();
        assertThat(NetworksSpec.parse("{}").ports()).isEmpty();
    }

    @Test
    void malformedJsonGivesAReadableError() {
        assertThatThrownBy(() -> NetworksSpec.parse("{\"red\":"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed kubetron.network.kubevirt.io/networksSpec");
    }
}
