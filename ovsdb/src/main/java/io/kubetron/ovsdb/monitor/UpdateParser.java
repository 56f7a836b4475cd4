package io.kubetron.ovsdb.monitor;

import io.kubetron.ovsdb.ProtocolException;
import io.kubetron.ovsdb.data.Values;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import io.kubetron.ovsdb.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Parses {@code <table-updates>} (RFC 7047 {@code update}) and {@code <table-updates2>} ({@code update2},
 * {@code update3}, ovsdb-server(7)) into {@link RowUpdate}s. Stateless, hence thread-safe.
 */
public final class UpdateParser {
    private UpdateParser() {}

    /** Parses update2 / update3 / monitor_cond reply contents. */
    public static List<RowUpdate> parseUpdates2(JsonNode tableUpdates, DatabaseSchema schema, boolean initial) {
        List<RowUpdate> out = new ArrayList<>();
        forEachRow(tableUpdates, (table, uuid, ru) -> {
            TableSchema ts = schema.table(table).orElse(null);
            if (ru.size() != 1) {
                throw bad("row update2 must have exactly one member: " + ru);
            }
            Map.Entry<String, JsonNode> e = ru.properties().iterator().next();
            RowUpdate.Kind kind = switch (e.getKey()) {
                case "initial" -> RowUpdate.Kind.INITIAL;
                case "insert" -> initial ? RowUpdate.Kind.INITIAL : RowUpdate.Kind.INSERT;
                case "delete" -> RowUpdate.Kind.DELETE;
                case "modify" -> RowUpdate.Kind.MODIFY;
                default -> throw bad("unknown row update2 kind " + e.getKey());
            };
            Map<String, Object> cols =
                    kind == RowUpdate.Kind.DELETE || e.getValue().isNull()
                            ? Map.of()
                            : Values.decodeColumns(e.getValue(), ts);
            out.add(new RowUpdate(table, uuid, kind, cols, true));
        });
        return out;
    }

    /** Parses RFC 7047 {@code update} / {@code monitor} reply contents (old/new row images). */
    public static List<RowUpdate> parseUpdates(JsonNode tableUpdates, DatabaseSchema schema, boolean initial) {
        List<RowUpdate> out = new ArrayList<>();
        forEachRow(tableUpdates, (table, uuid, ru) -> {
            TableSchema ts = schema.table(table).orElse(null);
            JsonNode oldRow = ru.get("old");
            JsonNode newRow = ru.get("new");
            RowUpdate.Kind kind;
            if (newRow == null || newRow.isNull()) {
                kind = RowUpdate.Kind.DELETE;
            } else if (oldRow == null || oldRow.isNull()) {
                kind = initial ? RowUpdate.Kind.INITIAL : RowUpdate.Kind.INSERT;
            } else {
                kind = RowUpdate.Kind.MODIFY;
            }
            Map<String, Object> cols = kind == RowUpdate.Kind.DELETE ? Map.of() : Values.decodeColumns(newRow, ts);
            out.add(new RowUpdate(table, uuid, kind, cols, false));
        });
        return out;
    }

    private interface RowVisitor {
        void visit(String table, UUID uuid, JsonNode rowUpdate);
    }

    private static void forEachRow(JsonNode tableUpdates, RowVisitor v) {
        if (tableUpdates == null || !tableUpdates.isObject()) {
            throw bad("table updates must be an object: " + tableUpdates);
        }
        try {
            for (Map.Entry<String, JsonNode> t : tableUpdates.properties()) {
                if (!t.getValue().isObject()) {
                    throw bad("table update for " + t.getKey() + " must be an object");
                }
                for (Map.Entry<String, JsonNode> r : t.getValue().properties()) {
                    if (!r.getValue().isObject()) {
                        throw bad("row update for " + r.getKey() + " must be an object");
                    }
                    v.visit(t.getKey(), UUID.fromString(r.getKey()), r.getValue());
                }
            }
        } catch (IllegalArgumentException e) {
            throw bad("cannot decode table updates: " + e.getMessage());
        }
    }

    private static ProtocolException bad(String msg) {
        return new ProtocolException(msg, null);
    }
}
