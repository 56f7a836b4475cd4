package io.kubetron.webhook.patch;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the patch for one admitted Pod directly from what must be added, never by diffing re-serialized Pods (the
 * original's diff produced spurious operations, for example on kubectl's last-applied-configuration).
 *
 * <p>An RFC 6902 add cannot go under a member that does not exist, and the Pod as read cannot tell an absent list
 * from an empty one (the API server may omit either); so an empty or absent map or list is added whole (which
 * replaces an empty one), and a non-empty one is added to by index.
 */
public final class PodPatch {
    private final JsonMapper json;

    public PodPatch(JsonMapper json) {
        this.json = json;
    }

    /**
     * The patch that makes {@code add} to {@code pod}.
     *
     * @param pod the Pod as the API server sent it (only read)
     */
    public JsonPatch build(Pod pod, PodAdditions add) {
        JsonPatch patch = new JsonPatch(json);
        annotations(patch, pod, add.annotations());
        PodSpec spec = pod.getSpec();
        int index = spec == null || spec.getContainers() == null
                ? 0
                : spec.getContainers().size();
        for (Container c : add.containers()) {
            // explicit index, as the original: the API server appends at the end either way
            patch.add("/spec/containers/" + index++, json.valueToTree(c));
        }
        firstInitContainers(patch, spec, add.firstInitContainers());
        readinessGates(patch, spec, add.readinessGates());
        return patch;
    }

    private void annotations(JsonPatch patch, Pod pod, Map<String, String> annotations) {
        if (annotations.isEmpty()) {
            return;
        }
        boolean hasMap = pod.getMetadata() != null
                && pod.getMetadata().getAnnotations() != null
                && !pod.getMetadata().getAnnotations().isEmpty();
        if (hasMap) {
            annotations.forEach((k, v) -> patch.add(
                    "/metadata/annotations/" + JsonPatch.escape(k),
                    json.getNodeFactory().stringNode(v)));
            return;
        }
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

    private void firstInitContainers(JsonPatch patch, PodSpec spec, List<Container> first) {
        if (first.isEmpty()) {
            return;
        }
        boolean hasList = spec != null
                && spec.getInitContainers() != null
                && !spec.getInitContainers().isEmpty();
        if (!hasList) {
            ArrayNode list = json.createArrayNode();
            first.forEach(c -> list.add(json.<JsonNode>valueToTree(c)));
            patch.add("/spec/initContainers", list);
            return;
        }
        int index = 0;
        for (Container c : first) {
            // inserting at 0, 1, ... keeps their order and shifts the Pod's own init containers after them
            patch.add("/spec/initContainers/" + index++, json.valueToTree(c));
        }
    }

    private void readinessGates(JsonPatch patch, PodSpec spec, List<String> conditionTypes) {
        List<PodReadinessGate> existing =
                spec == null || spec.getReadinessGates() == null ? List.of() : spec.getReadinessGates();
        Set<String> missing = new LinkedHashSet<>(conditionTypes);
        existing.stream()
                .filter(Objects::nonNull)
                .map(PodReadinessGate::getConditionType)
                .forEach(missing::remove);
        if (missing.isEmpty()) {
            return;
        }
        if (existing.isEmpty()) {
            ArrayNode list = json.createArrayNode();
            missing.forEach(t -> list.addObject().put("conditionType", t));
            patch.add("/spec/readinessGates", list);
            return;
        }
        int index = existing.size();
        for (String t : missing) {
            patch.add("/spec/readinessGates/" + index++, json.createObjectNode().put("conditionType", t));
        }
    }
}
