package io.kubetron.webhook.patch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An RFC 6902 JSON Patch under construction, with add operations only: the webhook only ever adds to a Pod, so the
 * patch can never remove or rewrite what the user wrote (kubectl's last-applied-configuration included). Not
 * thread-safe; one per request.
 */
public final class JsonPatch {
    private final JsonMapper json;
    private final ArrayNode ops;

    public JsonPatch(JsonMapper json) {
        this.json = json;
        this.ops = json.createArrayNode();
    }

    /** Adds {@code value} at {@code path}, a JSON pointer whose segments are already escaped. */
    public JsonPatch add(String path, JsonNode value) {
        ObjectNode op = ops.addObject();
        op.put("op", "add");
        op.put("path", path);
        op.set("value", value);
        return this;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public int size() {
        return ops.size();
    }

    public String toJson() {
        return json.writeValueAsString(ops);
    }

    /** Escapes one JSON pointer segment (RFC 6901): {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
