package io.kubetron.ovsdb.schema;

import tools.jackson.databind.JsonNode;

/**
 * The key or value type of a column: an atomic type plus the reference constraints that matter to a client.
 * Immutable.
 *
 * @param type the atomic type
 * @param refTable for uuid columns, the referenced table, or null
 * @param strongRef whether a uuid reference is strong (the default) rather than weak
 */
public record BaseType(AtomicType type, String refTable, boolean strongRef) {

    public static BaseType of(AtomicType type) {
        return new BaseType(type, null, true);
    }

    static BaseType fromJson(JsonNode node) {
        if (node.isString()) {
            return of(AtomicType.parse(node.asString()));
        }
        AtomicType type = AtomicType.parse(node.get("type").asString());
        JsonNode ref = node.get("refTable");
        JsonNode refType = node.get("refType");
        return new BaseType(
                type, ref == null ? null : ref.asString(), refType == null || !"weak".equals(refType.asString()));
    }
}
