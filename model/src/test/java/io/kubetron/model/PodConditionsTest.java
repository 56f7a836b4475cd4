package io.kubetron.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PodConditionsTest {

    @Test
    void networksReadyIsAQualifiedNameTheApiServerAcceptsAsAReadinessGate() {
        // the API server validates a readiness gate's conditionType as a qualified name: DNS subdomain prefix,
        // then a name of at most 63 characters
        String[] parts = PodConditions.NETWORKS_READY.split("/", -1);
        assertThat(parts).hasSize(2);
        assertThat(parts[0])
                .hasSizeLessThanOrEqualTo(253)
                .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
        assertThat(parts[1]).hasSizeLessThanOrEqualTo(63).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
        assertThat(PodConditions.NETWORKS_READY).isEqualTo("kubetron.network.kubevirt.io/networks-ready");
    }
}
