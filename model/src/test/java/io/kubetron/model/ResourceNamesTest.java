package io.kubetron.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceNamesTest {
    @Test
    void theNamesAreTheOriginals() {
        assertThat(ResourceNames.DEFAULT_NAMESPACE).isEqualTo("kubetron.network.kubevirt.io");
        assertThat(ResourceNames.qualified(ResourceNames.DEFAULT_NAMESPACE, ResourceNames.MAIN))
                .isEqualTo("kubetron.network.kubevirt.io/main");
        assertThat(ResourceNames.OVERLAY).isEqualTo("overlay");
    }

    @Test
    void aPhysnetNamesAResourceUnlessItIsInvalidOrTaken() {
        assertThat(ResourceNames.canNamePhysnet("physnet1")).isTrue();
        assertThat(ResourceNames.canNamePhysnet("a")).isTrue();
        assertThat(ResourceNames.canNamePhysnet("datacentre_1.a-b")).isTrue();
        assertThat(ResourceNames.canNamePhysnet("x".repeat(63))).isTrue();
        assertThat(ResourceNames.canNamePhysnet("x".repeat(64))).isFalse();
        assertThat(ResourceNames.canNamePhysnet("main")).isFalse();
        assertThat(ResourceNames.canNamePhysnet("overlay")).isFalse();
        assertThat(ResourceNames.canNamePhysnet("-a")).isFalse();
        assertThat(ResourceNames.canNamePhysnet("a-")).isFalse();
        assertThat(ResourceNames.canNamePhysnet("a/b")).isFalse();
        assertThat(ResourceNames.canNamePhysnet("")).isFalse();
        assertThat(ResourceNames.canNamePhysnet(null)).isFalse();
    }
}
