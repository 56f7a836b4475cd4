package io.kubetron.node.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The node's Pod cache against fabric8's mock API server: only this node's Pods, changes reported by uid. */
@EnableKubernetesMockClient(crud = true, https = false)
class NodePodsTest {
    static KubernetesClient client;
    private NodePods pods;

    @AfterEach
    void tearDown() {
        if (pods != null) {
            pods.close();
        }
        client.pods().inAnyNamespace().delete();
    }

    /** Returns the uid the API server gave the Pod. */
    private String create(String name, String node) {
        return client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("c")
                        .withImage("i")
                        .endContainer()
                        .endSpec()
                        .build())
                .create()
                .getMetadata()
                .getUid();
    }

    @Test
    void seesOnlyThisNodesPodsAndReportsTheirChangesAndDeletions() {
        String before = create("before", "node-a");
        String other = create("other", "node-b");
        List<String> changed = new CopyOnWriteArrayList<>();
        pods = NodePods.start("node-a", client, false, changed::add);
        await().atMost(Duration.ofSeconds(10)).until(pods::synced);
        await().atMost(Duration.ofSeconds(10)).until(() -> changed.contains(before));

        String after = create("after", "node-a");
        String otherAfter = create("other-after", "node-b");
        await().atMost(Duration.ofSeconds(10)).until(() -> changed.contains(after));
        assertThat(pods.all()).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("before", "after");
        assertThat(pods.find("default", "after")).isPresent();
        assertThat(pods.get(before)).isPresent();

        client.pods().inNamespace("default").withName("before").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods.get(before).isEmpty());
        assertThat(changed).doesNotContain(other, otherAfter);
    }

    @Test
    void theAgentsOwnStatusWritesDoNotQueueThePodAgainButASpecChangeDoes() {
        String uid = create("web", "node-a");
        List<String> changed = new CopyOnWriteArrayList<>();
        pods = NodePods.start("node-a", client, false, changed::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> changed.contains(uid));
        changed.clear();

        client.pods()
                .inNamespace("default")
                .withName("web")
                .editStatus(p -> new PodBuilder(p)
                        .editOrNewStatus()
                        .addNewCondition()
                        .withType("kubetron.network.kubevirt.io/networks-ready")
                        .withStatus("True")
                        .endCondition()
                        .endStatus()
                        .build());
        client.pods()
                .inNamespace("default")
                .withName("web")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations("k8s.v1.cni.cncf.io/network-status", "[]")
                        .endMetadata()
                        .build());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> pods.get(uid)
                        .map(p -> p.getMetadata().getAnnotations() != null
                                && p.getMetadata().getAnnotations().containsKey("k8s.v1.cni.cncf.io/network-status"))
                        .orElse(false));
        assertThat(changed).isEmpty();

        client.pods()
                .inNamespace("default")
                .withName("web")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations("kubetron.network.kubevirt.io/networksSpec", "{}")
                        .endMetadata()
                        .build());
        await().atMost(Duration.ofSeconds(10)).until(() -> changed.contains(uid));
    }
}
