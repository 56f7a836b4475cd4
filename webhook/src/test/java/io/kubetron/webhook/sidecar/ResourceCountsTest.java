package io.kubetron.webhook.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.backend.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceCountsTest {
    static Network overlay(String name) {
        return new Network("id-" + name, name, null, null, null, List.of());
    }

    static Network physical(String name, String physnet) {
        return new Network("id-" + name, name, physnet, 100, null, List.of());
    }

    @Test
    void countsOverlayNetworksAndEachPhysnet() {
        ResourceCounts c = ResourceCounts.of(List.of(
                overlay("red"),
                physical("green", "phys-net10"),
                overlay("blue"),
                physical("yellow", "phys-net20"),
                physical("purple", "phys-net10")));
        // the original wrote overlay: 1 however many overlay networks were requested
        assertThat(c.counts())
                .containsExactly(
                        java.util.Map.entry("main", 1), java.util.Map.entry("overlay", 2),
                        java.util.Map.entry("phys-net10", 2), java.util.Map.entry("phys-net20", 1));
    }

    @Test
    void noOverlayResourceWithoutOverlayNetworks() {
        assertThat(ResourceCounts.of(List.of(physical("green", "phys-net10"))).counts())
                .containsOnlyKeys("main", "phys-net10");
    }

    @Test
    void mainAloneForNoNetworks() {
        assertThat(ResourceCounts.of(List.of()).counts()).containsExactly(java.util.Map.entry("main", 1));
    }

    @Test
    void physnetsThatCannotBeResourceNamesAreRefused() {
        assertThatThrownBy(() -> ResourceCounts.of(List.of(physical("x", "main"))))
                .hasMessageContaining("'main'");
        assertThatThrownBy(() -> ResourceCounts.of(List.of(physical("x", "bad/name"))))
                .hasMessageContaining("network x");
    }
}
