package io.kubetron.webhook.select;

import io.kubetron.model.network.Network;
import java.util.Map;
import java.util.Optional;

/** What the cluster holds that selection depends on, as a cache answers it. Implementations are thread-safe. */
public interface ClusterObjects {

    /** The (cluster-scoped) Network of that name. */
    Optional<Network> network(String name);

    /**
     * The {@code spec.config} of the NetworkAttachmentDefinition {@code namespace/name}: empty when there is none;
     * an empty string when it has no config (Multus then reads a file of that name on the node).
     */
    Optional<String> attachmentConfig(String namespace, String name);

    /** The labels of the namespace, {@code kubernetes.io/metadata.name} included; empty when there is none. */
    Optional<Map<String, String>> namespaceLabels(String namespace);
}
