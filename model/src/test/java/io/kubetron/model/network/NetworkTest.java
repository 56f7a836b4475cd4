package io.kubetron.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Network object as users write it, and the conveniences the webhook and the controller use. */
class NetworkTest {

    @Test
    void aDeclaredNetworkReadsFromYamlWithItsDefaults() {
        Network n = Serialization.unmarshal("""
                apiVersion: kubetron.network.kubevirt.io/v1alpha1
                kind: Network
                metadata: {name: red}
                spec:
                  declare:
                    subnets:
                      - cidr: 10.1.0.0/24
                        gateway: 10.1.0.1
                        excludeRanges: [10.1.0.2-10.1.0.9]
                        dnsServers: [10.1.0.53]
                    mtu: 1400
                  namespaceSelector:
                    matchLabels: {team: a}
                """, Network.class);
        assertThat(n.adopted()).isFalse();
        assertThat(n.backendRef()).isEqualTo("red");
        assertThat(n.getSpec().getDeclare().dhcpEnabled()).isTrue();
        assertThat(n.getSpec().getDeclare().getMtu()).isEqualTo(1400);
        Subnet s = n.getSpec().getDeclare().subnetList().get(0);
        assertThat(s.excludeRangeList()).containsExactly("10.1.0.2-10.1.0.9");
        assertThat(s.dnsServerList()).containsExactly("10.1.0.53");
        assertThat(n.namespaceSelector().getMatchLabels()).isEqualTo(Map.of("team", "a"));
        assertThat(n.getApiVersion()).isEqualTo(Network.API_VERSION);
        assertThat(n.getKind()).isEqualTo("Network");
    }

    @Test
    void anAdoptedNetworkIsLookedUpByIdBeforeName() {
        Network byName = Network.named("legacy");
        byName.setSpec(NetworkSpec.adopting(AdoptedNetwork.byName("ls-legacy"), new LabelSelector()));
        assertThat(byName.adopted()).isTrue();
        assertThat(byName.backendRef()).isEqualTo("ls-legacy");

        Network both = Network.named("legacy");
        AdoptedNetwork a = AdoptedNetwork.byName("ls-legacy");
        a.setId("0d6c8a39-7b4c-4c53-9f2e-3a1b2c3d4e5f");
        both.setSpec(NetworkSpec.adopting(a, null));
        assertThat(both.backendRef()).isEqualTo("0d6c8a39-7b4c-4c53-9f2e-3a1b2c3d4e5f");
    }

    @Test
    void noSelectorMeansNoNamespaceAndTheConveniencesNeverThrow() {
        Network empty = new Network();
        assertThat(empty.namespaceSelector()).isNull();
        assertThat(empty.adopted()).isFalse();
        assertThat(empty.backendRef()).isNull();
        Network n = Serialization.unmarshal("""
                apiVersion: kubetron.network.kubevirt.io/v1alpha1
                kind: Network
                metadata: {name: open}
                spec:
                  declare: {dhcp: false}
                  namespaceSelector: {}
                """, Network.class);
        assertThat(n.namespaceSelector()).isNotNull();
        assertThat(n.namespaceSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(n.getSpec().getDeclare().dhcpEnabled()).isFalse();
        assertThat(n.getSpec().getDeclare().subnetList()).isEmpty();
    }

    @Test
    void theConveniencesAreNotWrittenToTheApiServer() {
        Network n = Network.named("red");
        n.setSpec(NetworkSpec.declaring(new DeclaredNetwork(), null));
        String json = Serialization.asJson(n);
        assertThat(json).doesNotContain("backendRef").doesNotContain("adopted").doesNotContain("namespaceSelector");
    }
}
