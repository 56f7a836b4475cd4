package io.kubetron.backend.ovn;

import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.ovsdb.data.PersistentSet;
import io.kubetron.ovsdb.data.Row;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The IPv4 addresses and MACs the ports of one switch use, kept up to date from the switch's {@code ports} column by
 * difference: a switch with 10,000 ports must not be re-read in full for every port created on it. The replica keeps
 * a large {@code ports} set as a {@link PersistentSet}, so the difference costs O(change), not O(ports). Address
 * changes of ports that stay on the switch (which only tools other than Kubetron make) arrive through {@link
 * #touched}, from the backend's replica listener, and are re-read one by one. Not thread-safe, except {@link #touched}
 * and {@link #invalidate}: used under the backend's per-switch lock.
 */
final class SwitchUsage {
    private final Map<UUID, PortAddresses.Parsed> ports = new HashMap<>();
    private final Map<Long, Integer> ips = new HashMap<>();
    private final Map<String, Integer> macs = new HashMap<>();
    private final Set<UUID> missing = new HashSet<>();
    private static final int MAX_TOUCHED = 4096;
    private final java.util.Queue<UUID> touched = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean invalid;
    private Row seen;

    /**
     * A port's addresses changed in place (any thread): re-read it at the next refresh. Every switch hears of every
     * port's change, so a switch no one creates ports on for a long time would collect them without end: past
     * {@value #MAX_TOUCHED} it drops them and re-reads everything instead.
     */
    void touched(UUID port) {
        if (pending.incrementAndGet() > MAX_TOUCHED) {
            invalid = true;
            return;
        }
        touched.add(port);
    }

    /** The replica was rebuilt from a fresh copy (any thread): re-read everything at the next refresh. */
    void invalidate() {
        invalid = true;
    }

    /** Brings the counts up to {@code ls}, the switch's row as the replica has it now. */
    void refresh(Row ls, Function<UUID, Optional<Row>> lookup, PortAddresses parser) {
        for (UUID u = touched.poll(); u != null; u = touched.poll()) {
            pending.decrementAndGet();
            if (ports.containsKey(u)) {
                forget(u);
                add(u, lookup, parser);
            }
        }
        if (invalid) {
            invalid = false;
            touched.clear();
            pending.set(0);
            seen = null;
        }
        if (ls == seen) {
            return;
        }
        Set<UUID> now = ls.uuidSet("ports");
        Set<UUID> before = seen == null ? null : seen.uuidSet("ports");
        if (before instanceof PersistentSet<UUID> b && now instanceof PersistentSet<UUID> a) {
            // the replica made the new set from the old one: what changed is found without visiting the rest
            PersistentSet.diff(b, a, gone -> forget(gone), added -> add(added, lookup, parser));
            for (UUID u : List.copyOf(missing)) {
                if (a.contains(u)) {
                    add(u, lookup, parser);
                } else {
                    missing.remove(u);
                }
            }
        } else {
            reread(now, lookup, parser);
        }
        seen = ls;
    }

    private void reread(Set<UUID> now, Function<UUID, Optional<Row>> lookup, PortAddresses parser) {
        ports.clear();
        ips.clear();
        macs.clear();
        missing.clear();
        now.forEach(u -> add(u, lookup, parser));
    }

    /**
     * Counts a port's addresses. A port the switch lists but the replica does not show yet (a batch is applied row
     * by row, and reads do not wait for it) is remembered and looked up again on the next refresh.
     */
    private void add(UUID u, Function<UUID, Optional<Row>> lookup, PortAddresses parser) {
        if (ports.containsKey(u)) {
            return;
        }
        Optional<Row> row = lookup.apply(u);
        if (row.isEmpty()) {
            missing.add(u);
            return;
        }
        missing.remove(u);
        PortAddresses.Parsed p = parser.of(row.get());
        ports.put(u, p);
        p.ips().forEach(ip -> ips.merge(Ipv4Cidr.toLong(ip), 1, Integer::sum));
        p.macs().forEach(mac -> macs.merge(mac, 1, Integer::sum));
    }

    private void forget(UUID u) {
        remove(u);
        ports.remove(u);
        missing.remove(u);
    }

    private void remove(UUID u) {
        PortAddresses.Parsed p = ports.get(u);
        if (p == null) {
            return;
        }
        p.ips().forEach(ip -> ips.computeIfPresent(Ipv4Cidr.toLong(ip), (k, c) -> c == 1 ? null : c - 1));
        p.macs().forEach(mac -> macs.computeIfPresent(mac, (k, c) -> c == 1 ? null : c - 1));
    }

    boolean ipUsed(long ip) {
        return ips.containsKey(ip);
    }

    boolean macUsed(String mac) {
        return macs.containsKey(mac);
    }
}
