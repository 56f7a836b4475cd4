package io.kubetron.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodStatusWriterTest {
    @Test
    void eventNamesStayValidObjectNamesForTheLongestPodNames() {
        String longest = "a".repeat(240) + "-" + "b".repeat(12);
        assertThat(longest).hasSize(253);
        String name = PodStatusWriter.eventName(longest);
        assertThat(name).hasSizeLessThanOrEqualTo(253).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        assertThat(PodStatusWriter.eventName("web-0")).matches("web-0\\.[0-9a-f]{16}");
    }
}
