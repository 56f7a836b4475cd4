package io.kubetron.ovsdb.replica;

import io.kubetron.ovsdb.data.Row;
import java.util.UUID;

/**
 * One row's change in a {@link Replica}. Immutable.
 *
 * @param table table name
 * @param uuid row UUID
 * @param before the row before, or null if it was inserted
 * @param after the row after, or null if it was deleted
 */
public record RowChange(String table, UUID uuid, Row before, Row after) {

    /** What happened to the row. */
    public enum Kind {
        INSERTED,
        MODIFIED,
        DELETED
    }

    public Kind kind() {
        return before == null ? Kind.INSERTED : after == null ? Kind.DELETED : Kind.MODIFIED;
    }
}
