package io.kubetron.ovsdb.ops;

import io.kubetron.ovsdb.data.Values;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A {@code where} clause element: {@code [column, function, value]} (RFC 7047 section 5.1). Immutable.
 *
 * @param column column name
 * @param function one of {@code < <= == != >= > includes excludes}
 * @param value a Java value as accepted by {@link Values#encode(Object)}
 */
public record Condition(String column, String function, Object value) {

    public static Condition eq(String column, Object value) {
        return new Condition(column, "==", value);
    }

    public static Condition ne(String column, Object value) {
        return new Condition(column, "!=", value);
    }

    public static Condition includes(String column, Object value) {
        return new Condition(column, "includes", value);
    }

    public static Condition excludes(String column, Object value) {
        return new Condition(column, "excludes", value);
    }

    /** Matches the row whose {@code _uuid} is {@code uuid}. */
    public static Condition uuid(UUID uuid) {
        return eq("_uuid", uuid);
    }

    public JsonNode toJson() {
        return JsonNodeFactory.instance.arrayNode().add(column).add(function).add(Values.encode(value));
    }
}
