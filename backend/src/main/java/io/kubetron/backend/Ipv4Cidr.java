package io.kubetron.backend;

/**
 * An IPv4 network in CIDR notation, with the arithmetic allocation needs.
 *
 * @param network the network address as an unsigned 32-bit value
 * @param prefix prefix length, 8 to 30 (smaller networks leave no room for Pods)
 */
public record Ipv4Cidr(long network, int prefix) {

    public Ipv4Cidr {
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix /" + prefix + " is outside /8../30");
        }
    }

    public static Ipv4Cidr parse(String cidr) {
        int slash = cidr == null ? -1 : cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR like 10.1.0.0/24");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR like 10.1.0.0/24");
        }
        long addr = toLong(cidr.substring(0, slash));
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((addr & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException(
                    "'" + cidr + "' has host bits set; did you mean " + toString(addr & mask) + "/" + prefix + "?");
        }
        return new Ipv4Cidr(addr, prefix);
    }

    public static long toLong(String ip) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
        }
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || (p.length() > 1 && p.startsWith("0"))) {
                throw new IllegalArgumentException("'" + ip + "' is not an IPv4 address");
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String toString(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    /** Number of addresses, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(String ip) {
        long v = toLong(ip);
        return v >= network && v < network + size();
    }

    /** The {@code i}-th address (0 is the network address). */
    public String address(long i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(i);
        }
        return toString(network + i);
    }

    /** The first host address: the conventional gateway. */
    public String firstHost() {
        return address(1);
    }

    /** Index of {@code ip} in this network. */
    public long indexOf(String ip) {
        return toLong(ip) - network;
    }

    public String netmask() {
        return toString((0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL);
    }

    @Override
    public String toString() {
        return toString(network) + "/" + prefix;
    }
}
