package io.kubetron.webhook.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkSpec;
import io.kubetron.model.selection.AttachmentRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The directory over a (mock) API server: it sees Networks, namespaces' labels and NetworkAttachmentDefinitions as
 * they are created and changed, without a request of its own per admission.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterDirectoryTest {
    static KubernetesClient client;

    private static AttachmentRequest ask(String namespace, String name) {
        return new AttachmentRequest(namespace, name, null, null, List.of(), List.of());
    }

    @Test
    void followsTheClustersObjects() {
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("team-a")
                        .addToLabels("tenant", "a")
                        .endMetadata()
                        .build())
                .create();
        Network red = Network.named("red");
        AdoptedNetwork adopt = new AdoptedNetwork();
        adopt.setName("ovn-red");
        red.setSpec(NetworkSpec.adopting(
                adopt,
                new LabelSelectorBuilder().addToMatchLabels("tenant", "a").build()));
        client.resource(red).create();
        GenericKubernetesResource nad = new GenericKubernetesResource();
        nad.setApiVersion("k8s.cni.cncf.io/v1");
        nad.setKind("NetworkAttachmentDefinition");
        nad.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName("red-net")
                .withNamespace("team-a")
                .build());
        nad.setAdditionalProperty("spec", Map.of("config", "{\"type\":\"kubetron\",\"network\":\"red\"}"));
        client.genericKubernetesResources(ClusterDirectory.NADS)
                .inNamespace("team-a")
                .resource(nad)
                .create();

        try (ClusterDirectory d = ClusterDirectory.start(client, Duration.ofSeconds(10))) {
            assertThat(d.resolve(ask("team-a", "red-net"), false, "team-a"))
                    .isEqualTo(
                            new Resolution.Ours("ovn-red", "NetworkAttachmentDefinition team-a/red-net (Network red)"));
            assertThat(d.namespaceLabels("team-a").orElseThrow())
                    .containsEntry("kubernetes.io/metadata.name", "team-a");

            // the administrator takes team-a off the network: new Pods of team-a are refused from then on
            Network changed = client.resources(Network.class).withName("red").get();
            changed.getSpec()
                    .setNamespaceSelector(new LabelSelectorBuilder()
                            .addToMatchLabels("tenant", "b")
                            .build());
            client.resource(changed).update();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> d.resolve(ask("team-a", "red"), false, "team-a") instanceof Resolution.Refused);

            // a namespace made after the start is found at once (a Pod's namespace always exists)
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName("team-b")
                            .addToLabels("tenant", "b")
                            .endMetadata()
                            .build())
                    .create();
            assertThat(d.resolve(ask("team-b", "red"), false, "team-b"))
                    .isEqualTo(new Resolution.Ours("ovn-red", "Network red"));
        }
    }
}
