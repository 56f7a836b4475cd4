package io.kubetron.emulation.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final String NS = "kubetron.network.kubevirt.io/";

    private static Pod pod() {
        return new PodBuilder()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .endContainer()
                .addNewInitContainer()
                .withName("kubetron-request-sidecart")
                .withNewResources()
                .addToLimits(NS + "main", new Quantity("1"))
                .addToLimits(NS + "overlay", new Quantity("2"))
                .addToLimits("memory", new Quantity("32Mi"))
                .endResources()
                .endInitContainer()
                .endSpec()
                .build();
    }

    @Test
    void sumsTheKubetronResourcesOfEveryContainerIncludingInitContainers() {
        assertThat(Scheduler.requests(pod(), NS))
                .containsExactlyInAnyOrderEntriesOf(Map.of(NS + "main", 1L, NS + "overlay", 2L));
    }

    @Test
    void placesOnTheLeastBusyNodeThatHasEveryResourceFree() {
        var wants = Scheduler.requests(pod(), NS);
        StringBuilder why = new StringBuilder();
        List<Scheduler.NodeView> nodes = List.of(
                new Scheduler.NodeView("node0", Map.of(NS + "main", 10L, NS + "overlay", 5L), 1),
                new Scheduler.NodeView("node1", Map.of(NS + "main", 10L, NS + "overlay", 5L), 0),
                new Scheduler.NodeView("node2", Map.of(NS + "main", 10L, NS + "overlay", 1L), 0));
        assertThat(Scheduler.pick(wants, nodes, why)).contains("node1");
    }

    @Test
    void saysWhichResourceIsShortWhenNoNodeFits() {
        StringBuilder why = new StringBuilder();
        var wants = Map.of(NS + "phys-net10", 1L);
        assertThat(Scheduler.pick(wants, List.of(new Scheduler.NodeView("node0", Map.of(NS + "main", 10L), 0)), why))
                .isEmpty();
        assertThat(why.toString()).isEqualTo("0/1 nodes are available: 1 Insufficient " + NS + "phys-net10.");
    }
}
