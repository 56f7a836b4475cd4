package io.kubetron.emulation.apiserver.cel;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** JSON as CEL values: objects as maps, arrays as lists, integers as int, other numbers as double. Pure. */
public final class JsonValues {
    /** CEL's null. */
    public static final Object NULL = NullValue.NULL_VALUE;

    private JsonValues() {}

    /** The CEL value of {@code node}; Java null and JSON null give CEL's null. */
    public static Object of(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NULL;
        }
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (var e : node.properties()) {
                m.put(e.getKey(), of(e.getValue()));
            }
            return m;
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>(node.size());
            node.forEach(x -> l.add(of(x)));
            return l;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asString();
    }
}
