package io.kubetron.ovsdb;

import io.kubetron.ovsdb.wire.Endpoint;

/** Learns about connection changes. Called on the client's event thread, never concurrently. */
public interface ConnectionListener {

    /** Connected (again); {@code reconnect} is false for the first connection. Monitors are resubscribed by then. */
    default void onConnected(Endpoint endpoint, boolean reconnect) {}

    /** The connection was lost; the client reconnects if so configured. */
    default void onDisconnected(OvsdbException cause) {}
}
