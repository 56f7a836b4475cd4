package io.kubetron.ovsdb.monitor;

import io.kubetron.ovsdb.data.PersistentSet;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.schema.ColumnSchema;
import io.kubetron.ovsdb.schema.TableSchema;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One row's change in a monitor notification, with decoded values. For {@link Kind#MODIFY} with {@code diff}, the
 * columns that can hold several values carry a difference (update2 semantics: set elements and map pairs to toggle),
 * all others the new value; {@link #apply(Row, TableSchema)} resolves that. Immutable.
 *
 * @param table table name
 * @param uuid row UUID
 * @param kind what happened
 * @param columns changed (or, for INITIAL/INSERT, all monitored) column values; empty for DELETE
 * @param diff whether composite columns of a MODIFY carry differences rather than new values
 */
public record RowUpdate(String table, UUID uuid, Kind kind, Map<String, Object> columns, boolean diff) {
    /** Sets of this size or more are kept as {@link PersistentSet}s once they change by difference. */
    static final int PERSISTENT_FROM = 64;

    /** Row update kinds; {@code INITIAL} rows belong to a monitor's initial contents. */
    public enum Kind {
        INITIAL,
        INSERT,
        DELETE,
        MODIFY
    }

    public RowUpdate {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /**
     * For INITIAL and INSERT: adds the columns the server left out because they hold their default value, so a row
     * always has every monitored column. Other kinds are returned unchanged.
     *
     * @param columns the monitored columns; empty means all columns of the table
     */
    public RowUpdate withDefaults(TableSchema schema, java.util.Collection<String> columns) {
        if (schema == null || kind != Kind.INITIAL && kind != Kind.INSERT) {
            return this;
        }
        Map<String, Object> full = new LinkedHashMap<>();
        java.util.Collection<String> wanted =
                columns.isEmpty() ? schema.columns().keySet() : columns;
        for (String c : wanted) {
            ColumnSchema col = schema.columns().get(c);
            if (col != null && !c.startsWith("_")) {
                full.put(
                        c,
                        columns().containsKey(c) ? columns().get(c) : col.type().defaultValue());
            }
        }
        columns().forEach(full::putIfAbsent);
        return new RowUpdate(table, uuid, kind, full, diff);
    }

    /** The row after this update, given the row before it (null for INITIAL/INSERT); null for DELETE. */
    public Row apply(Row old, TableSchema schema) {
        switch (kind) {
            case DELETE:
                return null;
            case INITIAL:
            case INSERT:
                return new Row(table, uuid, columns);
            default:
                break;
        }
        Map<String, Object> values = old == null ? new LinkedHashMap<>() : new LinkedHashMap<>(old.columns());
        for (Map.Entry<String, Object> e : columns.entrySet()) {
            ColumnSchema col = schema == null ? null : schema.columns().get(e.getKey());
            Object previous = values.get(e.getKey());
            if (diff && col != null && col.type().isComposite() && previous != null) {
                values.put(e.getKey(), applyDiff(previous, e.getValue()));
            } else {
                values.put(e.getKey(), e.getValue());
            }
        }
        return new Row(table, uuid, values);
    }

    /**
     * update2 differences (ovsdb-server(7)): a set element present in the diff is toggled; a map key absent before is
     * added, present with the same value is removed, present with another value is replaced.
     */
    static Object applyDiff(Object previous, Object diff) {
        if (previous instanceof Set<?> oldSet && diff instanceof Set<?> d && oldSet.size() >= PERSISTENT_FROM) {
            // a large set (a switch's ports) changes by toggling a few elements of a persistent set: O(change),
            // and what it shares with the previous value lets readers diff the two in O(change) as well
            PersistentSet<Object> out = PersistentSet.copyOf(oldSet);
            for (Object e : d) {
                out = out.contains(e) ? out.minus(e) : out.plus(e);
            }
            return out;
        }
        if (previous instanceof Set<?> oldSet && diff instanceof Set<?> d) {
            Set<Object> out = new LinkedHashSet<>(oldSet);
            for (Object e : d) {
                if (!out.remove(e)) {
                    out.add(e);
                }
            }
            return java.util.Collections.unmodifiableSet(out);
        }
        if (previous instanceof Map<?, ?> oldMap && diff instanceof Map<?, ?> d) {
            Map<Object, Object> out = new LinkedHashMap<>(oldMap);
            for (Map.Entry<?, ?> e : d.entrySet()) {
                Object was = out.get(e.getKey());
                if (was == null) {
                    out.put(e.getKey(), e.getValue());
                } else if (was.equals(e.getValue())) {
                    out.remove(e.getKey());
                } else {
                    out.put(e.getKey(), e.getValue());
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        throw new IllegalArgumentException("cannot apply diff " + diff + " to " + previous);
    }
}
