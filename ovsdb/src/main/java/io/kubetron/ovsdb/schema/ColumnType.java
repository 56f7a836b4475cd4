package io.kubetron.ovsdb.schema;

import tools.jackson.databind.JsonNode;

/**
 * A column's type (RFC 7047 {@code <type>}): key, optional value (for maps) and cardinality. Decides the Java shape
 * of values: a scalar atom, an {@link java.util.Optional} (min 0, max 1), a {@link java.util.Set} (max above 1) or
 * a {@link java.util.Map} (value type present). Immutable.
 *
 * @param key key type (the element type for sets and scalars)
 * @param value value type for maps, else null
 * @param min minimum number of elements (0 or 1)
 * @param max maximum number of elements, {@link Long#MAX_VALUE} for "unlimited"
 */
public record ColumnType(BaseType key, BaseType value, long min, long max) {

    /** The shape of a column's values as seen from Java. */
    public enum Shape {
        SCALAR,
        OPTIONAL,
        SET,
        MAP
    }

    public static ColumnType scalar(AtomicType type) {
        return new ColumnType(BaseType.of(type), null, 1, 1);
    }

    public Shape shape() {
        if (value != null) {
            return Shape.MAP;
        }
        if (max > 1) {
            return Shape.SET;
        }
        return min == 0 ? Shape.OPTIONAL : Shape.SCALAR;
    }

    /**
     * The value of a column the server left out: update2 omits columns that hold their default in inserted rows.
     * RFC 7047 defaults: 0, 0.0, false, "", the all-zero UUID; empty for optional, set and map columns.
     */
    public Object defaultValue() {
        return switch (shape()) {
            case OPTIONAL -> java.util.Optional.empty();
            case SET -> java.util.Set.of();
            case MAP -> java.util.Map.of();
            case SCALAR ->
                switch (key.type()) {
                    case INTEGER -> 0L;
                    case REAL -> 0.0;
                    case BOOLEAN -> false;
                    case STRING -> "";
                    case UUID -> new java.util.UUID(0, 0);
                };
        };
    }

    /** Whether update2 "modify" carries a difference (RFC 7047 extension: columns that can hold several values). */
    public boolean isComposite() {
        return max > 1;
    }

    static ColumnType fromJson(JsonNode node) {
        if (node.isString()) {
            return scalar(AtomicType.parse(node.asString()));
        }
        BaseType key = BaseType.fromJson(node.get("key"));
        JsonNode v = node.get("value");
        BaseType value = v == null ? null : BaseType.fromJson(v);
        long min = node.has("min") ? node.get("min").asLong() : 1;
        JsonNode maxNode = node.get("max");
        long max;
        if (maxNode == null) {
            max = 1;
        } else if (maxNode.isString() && "unlimited".equals(maxNode.asString())) {
            max = Long.MAX_VALUE;
        } else {
            max = maxNode.asLong();
        }
        return new ColumnType(key, value, min, max);
    }
}
