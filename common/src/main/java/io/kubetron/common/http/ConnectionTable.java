package io.kubetron.common.http;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.SequencedSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open connections of one server and which of them may give way to a new one when all places are taken. Only a
 * connection that does not hold a whole request may go: first those that have never brought a whole request (a flood
 * of connections, a slow or stalled handshake, slow headers, a first request's body still arriving), the oldest first;
 * then those idle between requests, the longest idle first (one that has started its next request's headers counts as
 * idle); then those receiving a later request's body, the one receiving longest first. A request being handled and a
 * response being written are never cut. So a flood takes the places of its own connections, and a client that sends
 * its requests at once (an API server) keeps its connections while slow clients come and go: whatever they hold, the
 * oldest of theirs gives way before a fresh one of its.
 *
 * <p>Not thread-safe, but for {@link #open()}: confined to the server's I/O thread.
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
    private final SequencedSet<Member> receiving = new LinkedHashSet<>();
    /** {@code open.size()}, readable from any thread (the metrics). */
    private final AtomicInteger count = new AtomicInteger();

    ConnectionTable(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Admits a new connection, evicting another when the table is full; false (the caller closes it) when every
     * connection holds a whole request.
     */
    boolean admit(Member m) {
        if (open.size() >= capacity) {
            SequencedSet<Member> from = !unproven.isEmpty() ? unproven : !idle.isEmpty() ? idle : receiving;
            if (from.isEmpty()) {
                return false;
            }
            Member victim = from.removeFirst();
            open.remove(victim);
            victim.evict();
        }
        open.add(m);
        unproven.add(m);
        count.set(open.size());
        return true;
    }

    /** {@code m}, which has brought a whole request before, is receiving the body of another one. */
    void receiving(Member m) {
        unproven.remove(m);
        idle.remove(m);
        if (open.contains(m)) {
            receiving.add(m);
        }
    }

    /** {@code m} holds a whole request now, or is closing: it may not be evicted. */
    void busy(Member m) {
        unproven.remove(m);
        idle.remove(m);
        receiving.remove(m);
    }

    /** {@code m} has answered a request and waits for the next one: the longest idle goes first. */
    void idle(Member m) {
        unproven.remove(m);
        receiving.remove(m);
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
        receiving.remove(m);
        count.set(open.size());
    }

    /** Connections open now; any thread. */
    int open() {
        return count.get();
    }
}
