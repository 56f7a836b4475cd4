package io.kubetron.node.deviceplugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BridgeMappingsTest {

    @Test
    void takesThePhysnetOfEveryMapping() {
        assertThat(BridgeMappings.physnets("phys-net10:br10, datacentre:br-ex"))
                .containsExactly("datacentre", "phys-net10");
    }

    @Test
    void noMappingsMeansNoPhysnetResources() {
        assertThat(BridgeMappings.physnets(null)).isEmpty();
        assertThat(BridgeMappings.physnets("")).isEmpty();
    }

    @Test
    void leavesOutWhatCouldNotBeAResourceOrWouldShadowTheReservedOnes() {
        assertThat(BridgeMappings.physnets("main:br1,overlay:br2,bad name:br3,nobridge:,:br4,ok:br5"))
                .containsExactly("ok");
    }

    @Test
    void advertisedResourcesAreMainOverlayAndThePhysnets() {
        NodeState s = new NodeState(Set.of("phys-net10"), true, true);
        assertThat(s.resources()).containsExactly("main", "overlay", "phys-net10");
        assertThat(s.healthy()).isTrue();
        assertThat(new NodeState(Set.of(), false, true).reason("br-int")).isEqualTo("bridge br-int is missing");
        assertThat(new NodeState(Set.of(), true, false).healthy()).isFalse();
    }
}
