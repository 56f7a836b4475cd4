package io.kubetron.ovsdb.ops;

import io.kubetron.ovsdb.data.Values;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A {@code mutate} operation element: {@code [column, mutator, value]} (RFC 7047 section 5.1). Immutable.
 *
 * @param column column name
 * @param mutator one of {@code += -= *= /= %= insert delete}
 * @param value a Java value as accepted by {@link Values#encode(Object)}; for {@code delete} on a map, a set of keys
 *        or a map of pairs
 */
public record Mutation(String column, String mutator, Object value) {

    public static Mutation insert(String column, Object value) {
        return new Mutation(column, "insert", value);
    }

    public static Mutation delete(String column, Object value) {
        return new Mutation(column, "delete", value);
    }

    public static Mutation add(String column, long delta) {
        return new Mutation(column, "+=", delta);
    }

    public JsonNode toJson() {
        return JsonNodeFactory.instance.arrayNode().add(column).add(mutator).add(Values.encode(value));
    }
}
