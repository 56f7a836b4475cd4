package io.kubetron.ovsdb.replica;

import java.util.List;

/**
 * A batch of changes applied to a {@link Replica} at once. Immutable.
 *
 * @param changes the rows that changed
 * @param resync true when the batch is the difference between the replica's contents before a disconnection and the
 *        server's contents after reconnecting: changes made while away (including deletions) show up here
 */
public record ReplicaChange(List<RowChange> changes, boolean resync) {
    public ReplicaChange {
        changes = List.copyOf(changes);
    }
}
