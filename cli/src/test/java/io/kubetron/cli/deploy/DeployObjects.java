package io.kubetron.cli.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/**
 * The cluster objects of deploy/'s component files, read strictly (the files, not a kustomize build: these tests
 * run without kubectl; ManifestsTest shows the builds contain the same objects). The example Pods, kustomize's
 * own files and the cert-manager overlay are left out.
 */
final class DeployObjects {
    private static final List<KubernetesResource> ALL = DeployTree.documents().stream()
            .filter(d -> !d.apiVersion().startsWith("kustomize.config.k8s.io/"))
            .filter(d -> !CertManagerSchema.applies(d))
            .filter(d -> !d.file().startsWith(DeployTree.root().resolve("overlays")))
            .filter(d -> !d.file().getFileName().toString().equals("example-kubetron-pods.yaml"))
            .map(StrictModel::read)
            .toList();

    private DeployObjects() {}

    static List<KubernetesResource> all() {
        return ALL;
    }

    static <T extends HasMetadata> T named(Class<T> type, String name) {
        return ALL.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("deploy/ has no " + type.getSimpleName() + " " + name));
    }

    static DaemonSet nodeAgent() {
        return named(DaemonSet.class, "kubetron-node-agent");
    }

    static Deployment webhook() {
        return named(Deployment.class, "kubetron-webhook");
    }

    static ConfigMap configMap(String name) {
        return named(ConfigMap.class, name);
    }

    /** The user Pods of deploy/example-kubetron-pods.yaml. */
    static List<Pod> examplePods() {
        return DeployTree.documents().stream()
                .filter(d -> d.file().getFileName().toString().equals("example-kubetron-pods.yaml"))
                .map(StrictModel::read)
                .map(io.fabric8.kubernetes.api.model.KubernetesList.class::cast)
                .flatMap(l -> l.getItems().stream())
                .map(Pod.class::cast)
                .toList();
    }
}
