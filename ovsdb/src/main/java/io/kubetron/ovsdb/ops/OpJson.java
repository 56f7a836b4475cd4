package io.kubetron.ovsdb.ops;

import io.kubetron.ovsdb.data.Values;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON building blocks shared by the operations. Stateless. */
final class OpJson {
    private OpJson() {}

    static ObjectNode base(String op, String table) {
        return JsonNodeFactory.instance.objectNode().put("op", op).put("table", table);
    }

    static ObjectNode row(Map<String, ?> row) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        row.forEach((k, v) -> o.set(k, Values.encode(v)));
        return o;
    }

    static ArrayNode where(List<Condition> where) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        where.forEach(c -> a.add(c.toJson()));
        return a;
    }

    static ArrayNode strings(List<String> xs) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        xs.forEach(a::add);
        return a;
    }
}
