package io.kubetron.emulation.apiserver;

import io.kubetron.emulation.apiserver.cel.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One request as admission sees it ({@code admission.k8s.io/v1} AdmissionRequest; for CEL, the {@code request}
 * variable, filled as {@code kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/filter.go}
 * {@code CreateAdmissionRequest} fills it). Core group, version v1; never a dry run.
 *
 * @param resource plural, e.g. {@code pods}
 * @param subResource e.g. {@code status}, or empty
 * @param object the object after the write (null for DELETE)
 * @param oldObject the stored object before it (null for CREATE)
 */
public record AdmissionRequest(
        String operation,
        String kind,
        String resource,
        String subResource,
        String namespace,
        String name,
        JsonNode object,
        JsonNode oldObject,
        UserInfo user) {

    /** {@code pods} or {@code pods/status}: how rules name it. */
    public String resourcePath() {
        return subResource.isEmpty() ? resource : resource + "/" + subResource;
    }

    /** The labels of the object (the old one for DELETE), for objectSelector. */
    public Map<String, String> objectLabels() {
        return labels(object != null ? object : oldObject);
    }

    /** The labels of the stored object before the write (empty for CREATE). */
    public Map<String, String> oldObjectLabels() {
        return labels(oldObject);
    }

    /** The name an admission error names: the request's, else the object's generateName, else Unknown. */
    public String nameForErrors() {
        if (name != null && !name.isEmpty()) {
            return name;
        }
        String generate = object == null
                ? ""
                : object.path("metadata").path("generateName").asString("");
        return generate.isEmpty() ? "Unknown" : generate;
    }

    private static Map<String, String> labels(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            o.path("metadata")
                    .path("labels")
                    .properties()
                    .forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        }
        return out;
    }

    Map<String, Object> toCel() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", Map.of("group", "", "version", "v1", "kind", kind));
        m.put("resource", Map.of("group", "", "version", "v1", "resource", resource));
        m.put("subResource", subResource);
        m.put("requestKind", Map.of("group", "", "version", "v1", "kind", kind));
        m.put("requestResource", Map.of("group", "", "version", "v1", "resource", resource));
        m.put("requestSubResource", subResource);
        m.put("name", name == null ? "" : name);
        m.put("namespace", namespace == null ? "" : namespace);
        m.put("operation", operation);
        m.put("userInfo", user.toCel());
        m.put("dryRun", false);
        return m;
    }

    /** The CEL variables {@code object}, {@code oldObject}, {@code request}. */
    Map<String, Object> celVariables() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("object", JsonValues.of(object));
        v.put("oldObject", JsonValues.of(oldObject));
        v.put("request", toCel());
        return v;
    }
}
