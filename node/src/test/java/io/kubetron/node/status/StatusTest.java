package io.kubetron.node.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class StatusTest {
    @Test
    void networkStatusKeepsWhatOthersWroteAndReplacesOnlyKubetronsEntries() {
        String multus = "[{\"name\":\"ovn-kubernetes\",\"interface\":\"eth0\",\"ips\":[\"10.244.1.5\"],"
                + "\"mac\":\"0a:58:0a:f4:01:05\",\"default\":true,\"dns\":{}},"
                + "{\"name\":\"default/macvlan\",\"interface\":\"net1\",\"ips\":[\"192.168.1.20\"]},"
                + "{\"name\":\"red\",\"interface\":\"red-abc\",\"ips\":[\"10.1.0.9\"],\"mac\":\"old\"}]";
        String merged = NetworkStatus.merge(
                multus,
                java.util.List.of(
                        new NetworkStatus.Entry("red", "red-abc", java.util.List.of("10.1.0.4"), "02:00:00:00:00:01")),
                java.util.Set.of("red-abc"));
        assertThat(merged)
                .startsWith("[{\"name\":\"ovn-kubernetes\",\"interface\":\"eth0\",\"ips\":[\"10.244.1.5\"],"
                        + "\"mac\":\"0a:58:0a:f4:01:05\",\"default\":true,\"dns\":{}},"
                        + "{\"name\":\"default/macvlan\",\"interface\":\"net1\",\"ips\":[\"192.168.1.20\"]},")
                .contains("\"10.1.0.4\"")
                .doesNotContain("10.1.0.9");
        assertThat(NetworkStatus.merge(null, java.util.List.of(), java.util.Set.of()))
                .isEqualTo("[]");
        assertThat(NetworkStatus.merge("not json", java.util.List.of(), java.util.Set.of()))
                .isEqualTo("[]");
    }

    @Test
    void eventNamesStayValidObjectNamesForTheLongestPodNames() {
        String longest = "a".repeat(240) + "-" + "b".repeat(12);
        assertThat(longest).hasSize(253);
        String name = PodStatusWriter.eventName(longest);
        assertThat(name).hasSizeLessThanOrEqualTo(253).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        assertThat(PodStatusWriter.eventName("web-0")).matches("web-0\\.[0-9a-f]{16}");
    }

    @Test
    void networkStatusIsTheNpwgListOfInterfaces() throws Exception {
        String json = NetworkStatus.json(
                List.of(new NetworkStatus.Entry("red", "red-abc", List.of("10.1.0.5"), "0a:58:0a:01:00:05")));
        var tree = new ObjectMapper().readTree(json);
        assertThat(tree.isArray()).isTrue();
        assertThat(tree.get(0).get("name").asString()).isEqualTo("red");
        assertThat(tree.get(0).get("interface").asString()).isEqualTo("red-abc");
        assertThat(tree.get(0).get("ips").get(0).asString()).isEqualTo("10.1.0.5");
        assertThat(tree.get(0).get("mac").asString()).isEqualTo("0a:58:0a:01:00:05");
        assertThat(tree.get(0).has("default")).isFalse();
    }

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
        pod.getStatus().setConditions(PodConditions.with(pod, false, "NetworkSetupFailed", "x", t1));
        pod.getStatus().setConditions(PodConditions.with(pod, false, "NetworkSetupFailed", "y", t1.plusSeconds(5)));
        assertThat(PodConditions.networksReady(pod).orElseThrow().getLastTransitionTime())
                .isEqualTo(t1.toString());
        pod.getStatus().setConditions(PodConditions.with(pod, true, "NetworksReady", "ok", t1.plusSeconds(9)));
        assertThat(PodConditions.networksReady(pod).orElseThrow().getLastTransitionTime())
                .isEqualTo(t1.plusSeconds(9).toString());
        assertThat(pod.getStatus().getConditions())
                .extracting("type")
                .containsExactly("PodScheduled", PodConditions.NETWORKS_READY);
        assertThat(PodConditions.says(pod, true, "NetworksReady", "ok")).isTrue();
        assertThat(PodConditions.says(pod, true, "NetworksReady", "other")).isFalse();
    }
}
