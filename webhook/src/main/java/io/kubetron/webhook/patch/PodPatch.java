package io.kubetron.webhook.patch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the patch for one admitted Pod directly from what must be added, never by diffing re-serialized Pods (the
 * original's diff produced spurious operations, for example on kubectl's last-applied-configuration).
 */
public final class PodPatch {
    private final JsonMapper json;

    public PodPatch(JsonMapper json) {
        this.json = json;
    }

    /**
     * The patch that sets annotations and appends containers to {@code pod}.
     *
     * @param pod the Pod as the API server sent it (only read)
     * @param annotations annotations to set; an existing value under the same key is replaced (RFC 6902 add)
     * @param containers containers to append to {@code spec.containers}
     */
    public JsonPatch build(Pod pod, Map<String, String> annotations, List<Container> containers) {
        JsonPatch patch = new JsonPatch(json);
        if (!annotations.isEmpty()) {
            boolean hasMap = pod.getMetadata() != null && pod.getMetadata().getAnnotations() != null
                    && !pod.getMetadata().getAnnotations().isEmpty();
            if (hasMap) {
                annotations.forEach((k, v) -> patch.add("/metadata/annotations/" + JsonPatch.escape(k),
                        json.getNodeFactory().stringNode(v)));
            } else {
                // adding under a member that does not exist fails; an absent (or empty, which the API server may
                // omit) map is added whole
                ObjectNode map = json.createObjectNode();
                annotations.forEach(map::put);
                if (pod.getMetadata() == null) {
                    ObjectNode meta = json.createObjectNode();
                    meta.set("annotations", map);
                    patch.add("/metadata", meta);
                } else {
                    patch.add("/metadata/annotations", map);
                }
            }
        }
        int index = pod.getSpec() == null || pod.getSpec().getContainers() == null ? 0
                : pod.getSpec().getContainers().size();
        for (Container c : containers) {
            // explicit index, as the original: the API server appends at the end either way
            patch.add("/spec/containers/" + index++, json.valueToTree(c));
        }
        return patch;
    }
}
