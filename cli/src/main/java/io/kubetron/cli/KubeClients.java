package io.kubetron.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Kubernetes client of a one-shot command's {@code --kubeconfig}. */
public final class KubeClients {
    private KubeClients() {}

    /**
     * A client from {@code kubeconfig}, or, when it is null, from fabric8's usual sources (KUBECONFIG,
     * ~/.kube/config, the in-cluster ServiceAccount).
     *
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static KubernetesClient open(Path kubeconfig) {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        try {
            return new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + kubeconfig + ": " + e.getMessage(), e);
        }
    }
}
