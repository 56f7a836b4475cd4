package io.kubetron.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An inclusive range of IPv4 addresses inside a subnet, written {@code 10.0.0.2-10.0.0.9} (or one address,
 * {@code 10.0.0.5}): what a declared network excludes from allocation. OVN writes it {@code 10.0.0.2..10.0.0.9} in
 * {@code other_config:exclude_ips}; Neutron knows only the complement, the subnet's {@code allocation_pools}.
 *
 * @param first the first address, as an unsigned 32-bit value
 * @param last the last address (inclusive), at least {@code first}
 */
public record AddressRange(long first, long last) {

    public AddressRange {
        if (last < first) {
            throw new IllegalArgumentException(
                    "range " + Ipv4Cidr.toString(first) + "-" + Ipv4Cidr.toString(last) + " ends before it starts");
        }
    }

    /** Parses {@code A} or {@code A-B}; both ends must be host addresses of {@code subnet}. */
    public static AddressRange parse(String text, Ipv4Cidr subnet) {
        String t = text == null ? "" : text.strip();
        int dash = t.indexOf('-');
        long first;
        long last;
        try {
            first = Ipv4Cidr.toLong(dash < 0 ? t : t.substring(0, dash).strip());
            last = dash < 0 ? first : Ipv4Cidr.toLong(t.substring(dash + 1).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "excluded range '" + text + "' is not an address or a range like 10.0.0.2-10.0.0.9");
        }
        if (last < first) {
            throw new IllegalArgumentException("excluded range '" + text + "' ends before it starts");
        }
        long lo = subnet.network() + 1;
        long hi = subnet.network() + subnet.size() - 2;
        if (first < lo || last > hi) {
            throw new IllegalArgumentException(
                    "excluded range '" + text + "' is not inside the host addresses of " + subnet);
        }
        return new AddressRange(first, last);
    }

    /** Parses every range, merged where they overlap or touch, in address order. */
    public static List<AddressRange> parseAll(List<String> texts, Ipv4Cidr subnet) {
        List<AddressRange> out = new ArrayList<>();
        for (String t : texts) {
            out.add(parse(t, subnet));
        }
        return merge(out);
    }

    /** The ranges in address order, overlapping or adjacent ones merged. */
    public static List<AddressRange> merge(List<AddressRange> ranges) {
        List<AddressRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(AddressRange::first));
        List<AddressRange> out = new ArrayList<>();
        for (AddressRange r : sorted) {
            if (!out.isEmpty() && r.first() <= out.get(out.size() - 1).last() + 1) {
                AddressRange prev = out.remove(out.size() - 1);
                out.add(new AddressRange(prev.first(), Math.max(prev.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The host addresses of {@code subnet} not in {@code excluded} and not the gateway, as ranges: Neutron's
     * allocation pools for a subnet that excludes those.
     */
    public static List<AddressRange> pools(Ipv4Cidr subnet, String gateway, List<AddressRange> excluded) {
        List<AddressRange> holes = new ArrayList<>(excluded);
        if (gateway != null) {
            long g = Ipv4Cidr.toLong(gateway);
            holes.add(new AddressRange(g, g));
        }
        return complement(subnet, merge(holes));
    }

    /** The host addresses of {@code subnet} outside {@code ranges} (which are merged and in order). */
    public static List<AddressRange> complement(Ipv4Cidr subnet, List<AddressRange> ranges) {
        List<AddressRange> out = new ArrayList<>();
        long next = subnet.network() + 1;
        long hi = subnet.network() + subnet.size() - 2;
        for (AddressRange r : merge(ranges)) {
            if (r.first() > next) {
                out.add(new AddressRange(next, Math.min(r.first() - 1, hi)));
            }
            next = Math.max(next, r.last() + 1);
        }
        if (next <= hi) {
            out.add(new AddressRange(next, hi));
        }
        return out;
    }

    /** This range less one address (split in two if it is inside). */
    public List<AddressRange> minus(long ip) {
        if (!contains(ip)) {
            return List.of(this);
        }
        List<AddressRange> out = new ArrayList<>();
        if (ip > first) {
            out.add(new AddressRange(first, ip - 1));
        }
        if (ip < last) {
            out.add(new AddressRange(ip + 1, last));
        }
        return out;
    }

    public long size() {
        return last - first + 1;
    }

    public boolean contains(long ip) {
        return ip >= first && ip <= last;
    }

    public String firstAddress() {
        return Ipv4Cidr.toString(first);
    }

    public String lastAddress() {
        return Ipv4Cidr.toString(last);
    }

    /** As OVN's {@code exclude_ips} writes it: {@code A} or {@code A..B}. */
    public String ovn() {
        return first == last ? firstAddress() : firstAddress() + ".." + lastAddress();
    }

    /** As a Network object writes it: {@code A} or {@code A-B}. */
    @Override
    public String toString() {
        return first == last ? firstAddress() : firstAddress() + "-" + lastAddress();
    }
}
