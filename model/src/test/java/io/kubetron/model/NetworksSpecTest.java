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
        assertThat(spec.toJson())
                .isEqualTo(
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

    @Test
    void carriesTheNetworksMtuAndSubnetsWhenKnownAndFindsThePrefixOfAnAddress() {
        NetworksSpec.Port p = new NetworksSpec.Port(
                "red-x", "id1", "02:00:00:00:00:01", List.of("10.1.0.7"), 1442, List.of("fd00::/64", "10.1.0.0/24"));
        String json = NetworksSpec.of(Map.of("red", p)).toJson();
        assertThat(json).contains("\"mtu\":1442").contains("\"subnets\":[\"fd00::/64\",\"10.1.0.0/24\"]");
        NetworksSpec.Port back = NetworksSpec.parse(json).ports().get("red");
        assertThat(back).isEqualTo(p);
        assertThat(back.prefixLengthOf("10.1.0.7")).contains(24);
        assertThat(back.prefixLengthOf("10.2.0.7")).isEmpty();
        assertThat(new NetworksSpec.Port("a", "b", "c", List.of()).prefixLengthOf("10.1.0.7"))
                .isEmpty();
    }
}
