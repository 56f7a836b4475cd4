package io.kubetron.ovsdb.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A row read from the server (select result or replica), with decoded column values (see {@link Values} for the Java
 * shapes). Immutable; typed getters fail with {@link IllegalStateException} when a column is absent or has another
 * shape.
 *
 * @param table table name
 * @param uuid the row's {@code _uuid}
 * @param columns column values by name (only the columns that were selected or monitored)
 */
public record Row(String table, UUID uuid, Map<String, Object> columns) {

    public Row {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    /** The raw decoded value. */
    public Object get(String column) {
        Object v = columns.get(column);
        if (v == null) {
            throw new IllegalStateException("row " + uuid + " of " + table + " has no column " + column);
        }
        return v;
    }

    public String string(String column) {
        return as(column, String.class);
    }

    public long integer(String column) {
        return as(column, Long.class);
    }

    public boolean bool(String column) {
        return as(column, Boolean.class);
    }

    public UUID uuidValue(String column) {
        return as(column, UUID.class);
    }

    /** An optional (min 0, max 1) column's value, converted to {@code type}. */
    public <T> Optional<T> optional(String column, Class<T> type) {
        Optional<?> o = as(column, Optional.class);
        return o.map(type::cast);
    }

    /**
     * A set column's elements, checked against {@code type}. One element is checked: a column's elements are all
     * decoded to the one Java type of its schema's base type, and checking all would make every read of a switch's
     * 10,000-element {@code ports} column cost O(n).
     */
    @SuppressWarnings("unchecked")
    public <T> Set<T> set(String column, Class<T> type) {
        Set<?> s = as(column, Set.class);
        if (!s.isEmpty()) {
            type.cast(s.iterator().next());
        }
        return (Set<T>) s;
    }

    /** A map column's entries, checked against the key and value types. */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> map(String column, Class<K> key, Class<V> value) {
        Map<?, ?> m = as(column, Map.class);
        m.forEach((k, v) -> {
            key.cast(k);
            value.cast(v);
        });
        return (Map<K, V>) m;
    }

    public Map<String, String> stringMap(String column) {
        return map(column, String.class, String.class);
    }

    public Set<String> stringSet(String column) {
        return set(column, String.class);
    }

    public Set<UUID> uuidSet(String column) {
        return set(column, UUID.class);
    }

    private <T> T as(String column, Class<T> type) {
        Object v = get(column);
        if (!type.isInstance(v)) {
            throw new IllegalStateException("column " + table + "." + column + " holds "
                    + v.getClass().getSimpleName() + ", not " + type.getSimpleName());
        }
        return type.cast(v);
    }
}
