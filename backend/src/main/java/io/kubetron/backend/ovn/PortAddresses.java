package io.kubetron.backend.ovn;

import io.kubetron.ovsdb.data.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MACs and IPv4 addresses Logical_Switch_Port rows hold, parsed once per row version: allocation reads every
 * port of a switch, and re-parsing thousands of address strings per port create would dominate its cost.
 * Thread-safe.
 */
final class PortAddresses {
    /** Parsed addresses of one row version. */
    record Parsed(Row row, List<String> macs, List<String> ips) {}

    private final Map<UUID, Parsed> cache = new ConcurrentHashMap<>();

    /** The addresses of {@code row}, from the cache while the replica still holds this very row version. */
    Parsed of(Row row) {
        Parsed p = cache.get(row.uuid());
        if (p == null || p.row() != row) {
            p = parse(row);
            cache.put(row.uuid(), p);
        }
        return p;
    }

    /** Drops entries of rows that no longer exist, once the cache has clearly outgrown the table. */
    void prune(int liveRows, java.util.function.Predicate<UUID> alive) {
        if (cache.size() > 2 * liveRows + 1024) {
            cache.keySet().removeIf(alive.negate());
        }
    }

    private static Parsed parse(Row port) {
        List<String> macs = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String a : port.stringSet("addresses")) {
            add(a, macs, ips);
        }
        Optional<String> dynamic = port.optional("dynamic_addresses", String.class);
        dynamic.ifPresent(a -> add(a, macs, ips));
        return new Parsed(port, List.copyOf(macs), List.copyOf(ips));
    }

    /** Addresses look like "MAC", "MAC IP [IP...]", "dynamic", "router" or "unknown". */
    private static void add(String addresses, List<String> macs, List<String> ips) {
        String[] parts = addresses.trim().split("\\s+");
        if (parts.length == 0 || !parts[0].contains(":")) {
            return;
        }
        macs.add(parts[0].toLowerCase(Locale.ROOT));
        for (int i = 1; i < parts.length; i++) {
            String ip = parts[i].contains("/") ? parts[i].substring(0, parts[i].indexOf('/')) : parts[i];
            if (!ip.contains(":")) {
                ips.add(ip);
            }
        }
    }
}
