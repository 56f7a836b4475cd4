package io.kubetron.lifecycle.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PodCacheTest {
    static KubernetesClient client;

    @Test
    void theSnapshotFollowsAnnotationChangesAndDeletionsAreHandedOn() {
        client.pods()
                .inNamespace("a")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace("a")
                        .endMetadata()
                        .build())
                .create();
        List<PodView> deleted = new CopyOnWriteArrayList<>();
        try (PodCache cache = PodCache.start(client, deleted::add)) {
            assertThat(cache.synced()).isTrue();
            assertThat(cache.snapshot()).singleElement().satisfies(p -> {
                assertThat(p.hasNetworksSpec()).isFalse();
                assertThat(p.portIds()).isEmpty();
            });
            String spec = NetworksSpec.of(
                            Map.of("red", new NetworksSpec.Port("red-1", "port-1", "0a:00:00:00:00:01", List.of())))
                    .toJson();
            client.pods()
                    .inNamespace("a")
                    .withName("web")
                    .edit(p -> new PodBuilder(p)
                            .editMetadata()
                            .addToAnnotations(Annotations.NETWORKS_SPEC, spec)
                            .endMetadata()
                            .build());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> cache.snapshot().get(0).portIds().contains("port-1"));

            Pod gone = client.pods().inNamespace("a").withName("web").get();
            client.pods().inNamespace("a").withName("web").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> cache.snapshot().isEmpty() && deleted.size() == 1);
            assertThat(deleted.get(0).uid()).isEqualTo(gone.getMetadata().getUid());
            assertThat(deleted.get(0).portIds()).containsExactly("port-1");
        }
    }
}
