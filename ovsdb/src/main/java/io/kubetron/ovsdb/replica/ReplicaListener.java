package io.kubetron.ovsdb.replica;

import io.kubetron.ovsdb.OvsdbException;

/**
 * Learns about changes of a {@link Replica}. Called on the client's event thread, in order, never concurrently, after
 * the replica already shows the change. Must not wait on the replica ({@link Replica#await} throws there).
 */
public interface ReplicaListener {

    void onChange(ReplicaChange change);

    /** The connection was lost: contents are stale until the next {@link ReplicaChange#resync()} change. */
    default void onDisconnected(OvsdbException cause) {}
}
