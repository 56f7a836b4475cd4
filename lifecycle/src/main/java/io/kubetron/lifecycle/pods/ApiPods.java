package io.kubetron.lifecycle.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.lifecycle.decision.PodView;
import java.util.List;
import java.util.Optional;

/** {@link LivePods} through the Kubernetes API (needs get and list on pods). Thread-safe. */
public final class ApiPods implements LivePods {
    private final KubernetesClient client;

    public ApiPods(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<PodView> get(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(pod).map(PodViews::of);
    }

    @Override
    public List<PodView> list(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .map(PodViews::of)
                .toList();
    }

    @Override
    public List<PodView> listAll() {
        return client.pods().inAnyNamespace().list().getItems().stream()
                .map(PodViews::of)
                .toList();
    }
}
