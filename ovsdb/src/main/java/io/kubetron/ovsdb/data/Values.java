package io.kubetron.ovsdb.data;

import io.kubetron.ovsdb.schema.AtomicType;
import io.kubetron.ovsdb.schema.BaseType;
import io.kubetron.ovsdb.schema.ColumnType;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Converts between Java values and OVSDB JSON (RFC 7047 section 5.1).
 *
 * <p>Java side: {@link Long}/{@link Integer} (integer), {@link Double} (real), {@link Boolean}, {@link String},
 * {@link UUID} (uuid), {@link Ref} (uuid or named-uuid), {@link Collection} (set), {@link Map} (map),
 * {@link Optional} (a set of zero or one element). Sets are always written as {@code ["set", [...]]}, never as a
 * plain JSON array, which the server rejects.
 *
 * <p>Decoding is schema-aware: a column declared as a set always decodes to a {@link Set}, even when the server
 * sends a single element as a bare atom. Stateless, hence thread-safe.
 */
public final class Values {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Values() {}

    /** Encodes a Java value as OVSDB JSON. */
    public static JsonNode encode(Object value) {
        return switch (value) {
            case null -> throw new IllegalArgumentException("OVSDB has no null; use Optional.empty() or an empty set");
            case Optional<?> o -> o.isPresent() ? encodeAtom(o.get()) : set(F.arrayNode());
            case Collection<?> c -> {
                ArrayNode a = F.arrayNode();
                c.forEach(e -> a.add(encodeAtom(e)));
                yield set(a);
            }
            case Map<?, ?> m -> {
                ArrayNode pairs = F.arrayNode();
                m.forEach((k, v) -> pairs.add(F.arrayNode().add(encodeAtom(k)).add(encodeAtom(v))));
                yield F.arrayNode().add("map").add(pairs);
            }
            default -> encodeAtom(value);
        };
    }

    /** Encodes one atom (no sets or maps). */
    public static JsonNode encodeAtom(Object value) {
        return switch (value) {
            case String s -> F.stringNode(s);
            case Long l -> F.numberNode(l);
            case Integer i -> F.numberNode(i.longValue());
            case Short s -> F.numberNode(s.longValue());
            case Double d -> F.numberNode(d);
            case Float f -> F.numberNode(f.doubleValue());
            case Boolean b -> F.booleanNode(b);
            case UUID u -> F.arrayNode().add("uuid").add(u.toString());
            case Ref.Existing e -> F.arrayNode().add("uuid").add(e.uuid().toString());
            case Ref.Named n -> F.arrayNode().add("named-uuid").add(n.name());
            case null -> throw new IllegalArgumentException("OVSDB atoms cannot be null");
            default ->
                throw new IllegalArgumentException(
                        "not an OVSDB atom: " + value.getClass().getName());
        };
    }

    private static JsonNode set(ArrayNode elements) {
        return F.arrayNode().add("set").add(elements);
    }

    /** Decodes a column value according to its type (see the class comment for the Java shapes). */
    public static Object decode(JsonNode json, ColumnType type) {
        return switch (type.shape()) {
            case SCALAR -> decodeAtom(json, type.key());
            case OPTIONAL -> {
                Set<Object> s = decodeSet(json, type.key());
                if (s.size() > 1) {
                    throw new IllegalArgumentException("more than one value for an optional column: " + json);
                }
                yield s.stream().findFirst();
            }
            case SET -> decodeSet(json, type.key());
            case MAP -> decodeMap(json, type.key(), type.value());
        };
    }

    private static Set<Object> decodeSet(JsonNode json, BaseType element) {
        if (isTagged(json, "set")) {
            Set<Object> out = new LinkedHashSet<>();
            for (JsonNode e : json.get(1)) {
                out.add(decodeAtom(e, element));
            }
            return Collections.unmodifiableSet(out);
        }
        return Set.of(decodeAtom(json, element));
    }

    private static Map<Object, Object> decodeMap(JsonNode json, BaseType key, BaseType value) {
        if (!isTagged(json, "map")) {
            throw new IllegalArgumentException("expected [\"map\", [...]], got " + json);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (JsonNode pair : json.get(1)) {
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException("map entry must be a [key, value] pair: " + pair);
            }
            out.put(decodeAtom(pair.get(0), key), decodeAtom(pair.get(1), value));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Decodes one atom of a known type. */
    public static Object decodeAtom(JsonNode json, BaseType type) {
        AtomicType t = type.type();
        boolean ok = switch (t) {
            case INTEGER -> json.isIntegralNumber();
            case REAL -> json.isNumber();
            case BOOLEAN -> json.isBoolean();
            case STRING -> json.isString();
            case UUID -> isTagged(json, "uuid");
        };
        if (!ok) {
            throw new IllegalArgumentException("expected " + t.jsonName() + ", got " + json);
        }
        return switch (t) {
            case INTEGER -> json.asLong();
            case REAL -> json.asDouble();
            case BOOLEAN -> json.asBoolean();
            case STRING -> json.asString();
            case UUID -> UUID.fromString(json.get(1).asString());
        };
    }

    /**
     * Decodes without a schema, for callers that have none: tagged values become {@link UUID}, {@link Ref.Named},
     * {@link Set} or {@link Map}; a bare atom stays an atom (it may be a one-element set — only the schema knows).
     */
    public static Object decodeUntyped(JsonNode json) {
        if (json.isArray()) {
            if (isTagged(json, "uuid")) {
                return UUID.fromString(json.get(1).asString());
            }
            if (isTagged(json, "named-uuid")) {
                return Ref.named(json.get(1).asString());
            }
            if (isTagged(json, "set")) {
                Set<Object> out = new LinkedHashSet<>();
                json.get(1).forEach(e -> out.add(decodeUntyped(e)));
                return Collections.unmodifiableSet(out);
            }
            if (isTagged(json, "map")) {
                Map<Object, Object> out = new LinkedHashMap<>();
                json.get(1).forEach(p -> out.put(decodeUntyped(p.get(0)), decodeUntyped(p.get(1))));
                return Collections.unmodifiableMap(out);
            }
            throw new IllegalArgumentException("not an OVSDB value: " + json);
        }
        if (json.isIntegralNumber()) {
            return json.asLong();
        }
        if (json.isNumber()) {
            return json.asDouble();
        }
        if (json.isBoolean()) {
            return json.asBoolean();
        }
        if (json.isString()) {
            return json.asString();
        }
        throw new IllegalArgumentException("not an OVSDB value: " + json);
    }

    /**
     * Decodes the columns of a row object ({@code {"col": value, ...}}) using the table schema; columns the schema
     * does not know (a newer server) are decoded without it.
     */
    public static Map<String, Object> decodeColumns(JsonNode row, io.kubetron.ovsdb.schema.TableSchema table) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : row.properties()) {
            var col =
                    table == null ? Optional.<io.kubetron.ovsdb.schema.ColumnSchema>empty() : table.column(e.getKey());
            out.put(e.getKey(), col.isPresent() ? decode(e.getValue(), col.get().type()) : decodeUntyped(e.getValue()));
        }
        return out;
    }

    private static boolean isTagged(JsonNode json, String tag) {
        return json.isArray()
                && json.size() == 2
                && json.get(0).isString()
                && tag.equals(json.get(0).asString())
                && (!"set".equals(tag) && !"map".equals(tag) || json.get(1).isArray())
                && (!"uuid".equals(tag) && !"named-uuid".equals(tag)
                        || json.get(1).isString());
    }
}
