package io.kubetron.ovsdb.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A database schema as returned by {@code get_schema} (RFC 7047 section 3.2). Immutable.
 *
 * @param name database name, e.g. {@code OVN_Northbound}
 * @param version schema version, e.g. {@code 7.0.0}
 * @param tables tables by name
 */
public record DatabaseSchema(String name, String version, Map<String, TableSchema> tables) {

    public DatabaseSchema {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    public Optional<TableSchema> table(String table) {
        return Optional.ofNullable(tables.get(table));
    }

    /** The table, or an exception naming the database when the schema does not have it. */
    public TableSchema requireTable(String table) {
        TableSchema t = tables.get(table);
        if (t == null) {
            throw new IllegalArgumentException("database " + name + " has no table " + table);
        }
        return t;
    }

    /** Parses a schema JSON object. */
    public static DatabaseSchema fromJson(JsonNode node) {
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.get("tables").properties()) {
            tables.put(e.getKey(), TableSchema.fromJson(e.getKey(), e.getValue()));
        }
        JsonNode version = node.get("version");
        return new DatabaseSchema(node.get("name").asString(), version == null ? "" : version.asString(), tables);
    }
}
