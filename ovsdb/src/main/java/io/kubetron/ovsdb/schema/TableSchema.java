package io.kubetron.ovsdb.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One table of a database schema, including the implicit {@code _uuid} and {@code _version} columns. Immutable.
 *
 * @param name table name
 * @param columns columns by name, in schema order
 * @param isRoot whether rows survive without being referenced
 * @param indexes sets of columns that must be unique together
 */
public record TableSchema(String name, Map<String, ColumnSchema> columns, boolean isRoot, List<List<String>> indexes) {

    public TableSchema {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        indexes = List.copyOf(indexes);
    }

    public Optional<ColumnSchema> column(String column) {
        return Optional.ofNullable(columns.get(column));
    }

    /** The column, or an exception naming the table when the schema does not have it. */
    public ColumnSchema requireColumn(String column) {
        ColumnSchema c = columns.get(column);
        if (c == null) {
            throw new IllegalArgumentException("table " + name + " has no column " + column);
        }
        return c;
    }

    static TableSchema fromJson(String name, JsonNode node) {
        Map<String, ColumnSchema> cols = new LinkedHashMap<>();
        cols.put("_uuid", new ColumnSchema("_uuid", ColumnType.scalar(AtomicType.UUID), false, false));
        cols.put("_version", new ColumnSchema("_version", ColumnType.scalar(AtomicType.UUID), false, false));
        for (Map.Entry<String, JsonNode> e : node.get("columns").properties()) {
            JsonNode c = e.getValue();
            boolean mutable = !c.has("mutable") || c.get("mutable").asBoolean();
            boolean ephemeral = c.has("ephemeral") && c.get("ephemeral").asBoolean();
            cols.put(e.getKey(), new ColumnSchema(e.getKey(), ColumnType.fromJson(c.get("type")), mutable, ephemeral));
        }
        boolean root = node.has("isRoot") && node.get("isRoot").asBoolean();
        List<List<String>> idx = new java.util.ArrayList<>();
        JsonNode indexes = node.get("indexes");
        if (indexes != null) {
            for (JsonNode i : indexes) {
                List<String> cs = new java.util.ArrayList<>();
                i.forEach(c -> cs.add(c.asString()));
                idx.add(cs);
            }
        }
        return new TableSchema(name, cols, root, idx);
    }
}
