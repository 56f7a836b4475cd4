package io.kubetron.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubetron.model.PodConditions;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NetworksReadyConditionTest {
    @Test
    void theConditionKeepsItsTransitionTimeWhileItsStatusStaysAndKeepsOtherConditions() {
        Pod pod = new PodBuilder()
                .withNewStatus()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        Instant t1 = Instant.parse("2026-11-29T00:00:00Z");
        pod.getStatus().setConditions(NetworksReadyCondition.with(pod, false, "NetworkSetupFailed", "x", t1));
        pod.getStatus()
                .setConditions(NetworksReadyCondition.with(pod, false, "NetworkSetupFailed", "y", t1.plusSeconds(5)));
        assertThat(NetworksReadyCondition.of(pod).orElseThrow().getLastTransitionTime())
                .isEqualTo(t1.toString());
        pod.getStatus().setConditions(NetworksReadyCondition.with(pod, true, "NetworksReady", "ok", t1.plusSeconds(9)));
        assertThat(NetworksReadyCondition.of(pod).orElseThrow().getLastTransitionTime())
                .isEqualTo(t1.plusSeconds(9).toString());
        assertThat(pod.getStatus().getConditions())
                .extracting("type")
                .containsExactly("PodScheduled", PodConditions.NETWORKS_READY);
        assertThat(NetworksReadyCondition.says(pod, true, "NetworksReady", "ok"))
                .isTrue();
        assertThat(NetworksReadyCondition.says(pod, true, "NetworksReady", "other"))
                .isFalse();
    }
}
