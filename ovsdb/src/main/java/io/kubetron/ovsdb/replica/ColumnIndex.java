package io.kubetron.ovsdb.replica;

import io.kubetron.ovsdb.data.Row;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows of one replicated table by the value of one column, kept current row change by row change (O(change)), so
 * a lookup by name in a table of 10,000 rows does not visit them all. Written under the replica's update lock; read
 * without it (weakly consistent, like the replica's tables).
 */
final class ColumnIndex {
    private final String column;
    private final Map<Object, Set<UUID>> rows = new ConcurrentHashMap<>();

    ColumnIndex(String column, Collection<Row> contents) {
        this.column = column;
        contents.forEach(r -> add(r));
    }

    Set<UUID> get(Object value) {
        return rows.getOrDefault(value, Set.of());
    }

    void change(UUID uuid, Row before, Row after) {
        Object was = before == null ? null : before.columns().get(column);
        Object now = after == null ? null : after.columns().get(column);
        if (was != null && was.equals(now)) {
            return;
        }
        if (was != null) {
            rows.computeIfPresent(was, (k, ids) -> {
                Set<UUID> left = new HashSet<>(ids);
                left.remove(uuid);
                return left.isEmpty() ? null : Set.copyOf(left);
            });
        }
        if (now != null) {
            add(after);
        }
    }

    private void add(Row r) {
        Object value = r.columns().get(column);
        if (value != null) {
            rows.merge(value, Set.of(r.uuid()), (a, b) -> {
                Set<UUID> both = new HashSet<>(a);
                both.addAll(b);
                return Set.copyOf(both);
            });
        }
    }
}
