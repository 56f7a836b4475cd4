package io.kubetron.webhook.select;

import io.kubetron.model.network.Network;
import io.kubetron.model.selection.AttachmentRequest;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resolves attachments against the cluster's objects. For the Network Plumbing WG annotation a name is first a
 * NetworkAttachmentDefinition in the attachment's namespace (as Multus reads it, {@code k8snetworkplumbingwg/multus-cni
 * pkg/k8sclient/k8sclient.go getKubernetesDelegate}): one whose CNI config has {@code "type": "kubetron"} (itself or
 * one plugin of a list) names a Network in its {@code network} key (its CNI {@code name} when absent); one of any
 * other type is another implementation's, left alone. Without such an object, the name is a Network. The original
 * annotation names Networks only. A Pod joins a Network only when the Network's namespaceSelector selects the Pod's
 * namespace and, through a NetworkAttachmentDefinition, that object's namespace too (a NAD cannot hand out a network
 * its own namespace may not use). Pure over {@link ClusterObjects}; thread-safe.
 */
public final class ClusterRules implements NetworkDirectory {
    /** The CNI type Kubetron's NetworkAttachmentDefinitions carry. */
    public static final String CNI_TYPE = "kubetron";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ClusterObjects objects;

    public ClusterRules(ClusterObjects objects) {
        this.objects = objects;
    }

    @Override
    public Resolution resolve(AttachmentRequest request, boolean original, String podNamespace) {
        if (original) {
            return network(request.name(), "Network " + request.name(), podNamespace, null)
                    .orElseGet(() -> new Resolution.Refused("there is no Network named " + request.name()
                            + " (kubectl get networks lists those Pods may ask for)"));
        }
        Optional<String> config = objects.attachmentConfig(request.namespace(), request.name());
        if (config.isPresent()) {
            return fromAttachment(request, config.get(), podNamespace);
        }
        if (!request.namespace().equals(podNamespace)) {
            // a name qualified by another namespace is a NetworkAttachmentDefinition there, as Multus reads it:
            // never a (cluster-scoped) Network nobody named
            return new Resolution.Refused("there is no NetworkAttachmentDefinition " + request.qualifiedName());
        }
        return network(request.name(), "Network " + request.name(), podNamespace, null)
                .orElseGet(() -> new Resolution.Refused("there is no NetworkAttachmentDefinition "
                        + request.qualifiedName() + " and no Network named " + request.name()
                        + " (kubectl get networks lists those Pods may ask for)"));
    }

    private Resolution fromAttachment(AttachmentRequest request, String config, String podNamespace) {
        String nad = "NetworkAttachmentDefinition " + request.qualifiedName();
        Optional<JsonNode> ours = kubetronConfig(config);
        if (ours.isEmpty()) {
            return new Resolution.NotOurs(nad);
        }
        String name = ours.get().path("network").asString("");
        if (name.isEmpty()) {
            // a plugin list's CNI name is the list's
            name = ours.get()
                    .path("name")
                    .asString(JSON.readTree(config).path("name").asString(""));
        }
        if (name.isEmpty()) {
            // the CNI name is the object's when the config has none (multi-net-spec section 3.4.2; Multus's
            // GetCNIConfigFromSpec)
            name = request.name();
        }
        String networkName = name;
        return network(name, nad + " (Network " + name + ")", podNamespace, request.namespace())
                .orElseGet(() -> new Resolution.Refused(
                        nad + " names Network " + networkName + ", which does not exist (kubectl get networks)"));
    }

    /** The config itself when it is Kubetron's, or the plugin of a list that is; empty for any other config. */
    private static Optional<JsonNode> kubetronConfig(String config) {
        if (config.isBlank()) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(config);
        } catch (JacksonException e) {
            return Optional.empty(); // nobody's valid config; the runtime that tries it will say so
        }
        if (CNI_TYPE.equals(root.path("type").asString(""))) {
            return Optional.of(root);
        }
        for (JsonNode plugin : root.path("plugins")) {
            if (CNI_TYPE.equals(plugin.path("type").asString(""))) {
                return Optional.of(plugin);
            }
        }
        return Optional.empty();
    }

    /** The Network {@code name} if the Pod's namespace (and the handing-out namespace, if any) may join it. */
    private Optional<Resolution> network(String name, String source, String podNamespace, String handedOutBy) {
        Optional<Network> found = objects.network(name);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Network n = found.get();
        if (n.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of(
                    new Resolution.Refused("Network " + name + " is being deleted: no new Pods may join it"));
        }
        if (!selects(n, podNamespace)) {
            return Optional.of(new Resolution.Refused("Network " + name + " does not admit Pods of namespace "
                    + podNamespace + " (its namespaceSelector does not select the namespace; the cluster "
                    + "administrator decides who may join)"));
        }
        if (handedOutBy != null && !handedOutBy.equals(podNamespace) && !selects(n, handedOutBy)) {
            return Optional.of(new Resolution.Refused(source + " hands out Network " + name + ", which namespace "
                    + handedOutBy + " may not use (its namespaceSelector does not select it)"));
        }
        return Optional.of(new Resolution.Ours(n.backendRef(), source));
    }

    private boolean selects(Network n, String namespace) {
        Map<String, String> labels = objects.namespaceLabels(namespace).orElse(null);
        return labels != null && LabelSelectors.matches(n.namespaceSelector(), labels);
    }
}
