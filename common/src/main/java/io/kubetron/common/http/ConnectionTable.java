package io.kubetron.common.http;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.SequencedSet;
import java.util.Set;

/**
 * The open connections of one server and which of them may give way to a new one when all places are taken. Only a
 * connection that holds no request may go: first those that have never brought a whole request (a flood of
 * connections, a slow or stalled handshake, slow headers), the oldest first; then those idle between requests, the
 * longest idle first (one that has started its next request's headers counts as idle). A body being received, a request
 * being handled and a response being written are never cut. So a flood takes the places of its own
 * connections, and an API server's established connections keep working while it lasts.
 *
 * <p>Not thread-safe: confined to the server's I/O thread.
 */
final class ConnectionTable {
    /** What a connection of the table can be told. */
    interface Member {
        /** Closes the connection to free its place. */
        void evict();
    }

    private final int capacity;
    private final Set<Member> open = new HashSet<>();
    private final SequencedSet<Member> unproven = new LinkedHashSet<>();
    private final SequencedSet<Member> idle = new LinkedHashSet<>();

    ConnectionTable(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Admits a new connection, evicting another when the table is full; false (the caller closes it) when every
     * connection holds a request.
     */
    boolean admit(Member m) {
        if (open.size() >= capacity) {
            SequencedSet<Member> from = unproven.isEmpty() ? idle : unproven;
            if (from.isEmpty()) {
                return false;
            }
            Member victim = from.removeFirst();
            open.remove(victim);
            victim.evict();
        }
        open.add(m);
        unproven.add(m);
        return true;
    }

    /** {@code m} holds a request now, or is closing: it may not be evicted. */
    void busy(Member m) {
        unproven.remove(m);
        idle.remove(m);
    }

    /** {@code m} has answered a request and waits for the next one: the longest idle goes first. */
    void idle(Member m) {
        unproven.remove(m);
        idle.remove(m);
        if (open.contains(m)) {
            idle.add(m);
        }
    }

    /** {@code m} is closed (evicted or not); its place is free. */
    void closed(Member m) {
        open.remove(m);
        unproven.remove(m);
        idle.remove(m);
    }

    int open() {
        return open.size();
    }
}
