package io.kubetron.emulation.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The three patch types of the API server, applied to a JSON object to know what admission must see: JSON Patch
 * (RFC 6902, by zjsonpatch), JSON merge patch (RFC 7386) and strategic merge patch. The strategic one is approximate:
 * a merge patch in which the lists that Pods declare with a patch merge key ({@code k8s.io/api/core/v1/types.go}
 * {@code patchMergeKey} tags: conditions by type, containers and their statuses by name, ...) are merged element by
 * element, with {@code $patch: delete} and {@code $setElementOrder/<list>} honoured
 * ({@code k8s.io/apimachinery/pkg/util/strategicpatch/patch.go}); other directives are not. Pure.
 */
final class Patches {
    /** List field name -> merge key, for the Pod fields that have one. */
    private static final Map<String, String> MERGE_KEYS = Map.of(
            "conditions", "type",
            "containers", "name",
            "initContainers", "name",
            "ephemeralContainers", "name",
            "containerStatuses", "name",
            "initContainerStatuses", "name",
            "ownerReferences", "uid",
            "volumes", "name",
            "env", "name");

    /** The patch types applied here, as Content-Type values. */
    static final List<String> TYPES = List.of(
            "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json");

    private Patches() {}

    static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
        String type = contentType == null ? "" : contentType.split(";")[0].strip();
        return switch (type) {
            case "application/json-patch+json" -> io.fabric8.zjsonpatch.JsonPatch.apply(patch, target);
            case "application/merge-patch+json" -> merge(target, patch, false);
            case "application/strategic-merge-patch+json" -> merge(target, patch, true);
            default -> throw new IllegalArgumentException("unsupported patch type " + contentType);
        };
    }

    static JsonNode merge(JsonNode target, JsonNode patch, boolean strategic) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject()
                ? (ObjectNode) target.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (var e : patch.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (strategic && k.startsWith("$setElementOrder/")) {
                continue; // applied after the list itself, below
            }
            if (v.isNull()) {
                out.remove(k);
            } else if (strategic
                    && v.isArray()
                    && MERGE_KEYS.containsKey(k)
                    && out.path(k).isArray()) {
                out.set(k, mergeList((ArrayNode) out.get(k), (ArrayNode) v, MERGE_KEYS.get(k)));
            } else {
                out.set(k, merge(out.get(k), v, strategic));
            }
        }
        if (strategic) {
            for (var e : patch.properties()) {
                if (e.getKey().startsWith("$setElementOrder/")) {
                    String list = e.getKey().substring("$setElementOrder/".length());
                    if (out.path(list).isArray() && MERGE_KEYS.containsKey(list)) {
                        out.set(list, reorder((ArrayNode) out.get(list), e.getValue(), MERGE_KEYS.get(list)));
                    }
                }
            }
        }
        return out;
    }

    private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String key) {
        List<JsonNode> items = new ArrayList<>();
        target.forEach(items::add);
        for (JsonNode p : patch) {
            String id = p.path(key).asString("");
            int at = -1;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).path(key).asString("").equals(id)) {
                    at = i;
                    break;
                }
            }
            if ("delete".equals(p.path("$patch").asString(""))) {
                if (at >= 0) {
                    items.remove(at);
                }
            } else if (at >= 0) {
                items.set(at, merge(items.get(at), p, true));
            } else {
                items.add(merge(null, p, true));
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        items.forEach(out::add);
        return out;
    }

    /** The listed elements in the patch's order, then the ones it did not list, in their order. */
    private static ArrayNode reorder(ArrayNode list, JsonNode order, String key) {
        List<JsonNode> rest = new ArrayList<>();
        list.forEach(rest::add);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode o : order) {
            String id = o.path(key).asString("");
            for (int i = 0; i < rest.size(); i++) {
                if (rest.get(i).path(key).asString("").equals(id)) {
                    out.add(rest.remove(i));
                    break;
                }
            }
        }
        rest.forEach(out::add);
        return out;
    }
}
