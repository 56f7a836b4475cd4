package io.kubetron.backend.ovn;

import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.ovsdb.data.Row;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * The IPv4 addresses and MACs the ports of one switch use, kept up to date from the switch's {@code ports} column by
 * difference: a switch with 10,000 ports must not be re-read in full for every port created on it. A full re-read
 * still happens every {@value #FULL_EVERY} refreshes, to see address changes of ports that stayed (which only tools
 * other than Kubetron make). Not thread-safe: used under the backend's per-switch lock.
 */
final class SwitchUsage {
    private static final int FULL_EVERY = 256;
    private final Map<UUID, PortAddresses.Parsed> ports = new HashMap<>();
    private final Map<Long, Integer> ips = new HashMap<>();
    private final Map<String, Integer> macs = new HashMap<>();
    private Row seen;
    private int refreshes;

    /** Brings the counts up to {@code ls}, the switch's row as the replica has it now. */
    void refresh(Row ls, Function<UUID, Optional<Row>> lookup, PortAddresses parser) {
        if (ls == seen) {
            return;
        }
        Set<UUID> now = ls.uuidSet("ports");
        if (++refreshes % FULL_EVERY == 0) {
            ports.keySet().forEach(u -> remove(u));
            ports.clear();
        }
        for (UUID gone : new HashSet<>(ports.keySet())) {
            if (!now.contains(gone)) {
                remove(gone);
                ports.remove(gone);
            }
        }
        for (UUID u : now) {
            if (!ports.containsKey(u)) {
                lookup.apply(u).ifPresent(row -> {
                    PortAddresses.Parsed p = parser.of(row);
                    ports.put(u, p);
                    p.ips().forEach(ip -> ips.merge(Ipv4Cidr.toLong(ip), 1, Integer::sum));
                    p.macs().forEach(mac -> macs.merge(mac, 1, Integer::sum));
                });
            }
        }
        seen = ls;
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
