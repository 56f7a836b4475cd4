package io.kubetron.lifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Pods in the mock API server as the webhook leaves them: the networksSpec annotation lists their ports. */
final class PodFixtures {
    private PodFixtures() {}

    static Pod create(KubernetesClient client, String namespace, String name, BackendPort... ports) {
        Map<String, NetworksSpec.Port> spec = new LinkedHashMap<>();
        for (BackendPort p : ports) {
            spec.put(p.networkName(), new NetworksSpec.Port(p.name(), p.id(), p.macAddress(), p.fixedIps()));
        }
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(UUID.randomUUID().toString())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("busybox")
                .endContainer()
                .endSpec();
        if (ports.length > 0) {
            b.editMetadata()
                    .addToAnnotations(
                            Annotations.NETWORKS_SPEC, NetworksSpec.of(spec).toJson())
                    .endMetadata();
        }
        return client.pods().inNamespace(namespace).resource(b.build()).create();
    }

    /** Deletes the Pod at once, as {@code kubectl delete --force --grace-period=0} does. */
    static void forceDelete(KubernetesClient client, Pod pod) {
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withGracePeriod(0)
                .delete();
    }
}
