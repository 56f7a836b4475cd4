package io.kubetron.backend;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The checks every backend makes of requested MACs and fixed IPs before asking for them, with the messages a user
 * sees: an address must be an IPv4 literal inside a subnet of its network, neither the network's gateway, nor its
 * network or broadcast address, nor in one of the subnet's excluded ranges, and no address or MAC may be asked for
 * twice on one network in one call. Whether an
 * address is free is the backend's to say. Pure and stateless.
 */
public final class StaticAddresses {
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    private StaticAddresses() {}

    /**
     * The subnet of {@code network} that {@code ip}, asked for port {@code port}, belongs to.
     *
     * @throws BackendException ({@link BackendException.Reason#INVALID}) if no subnet may give it
     */
    public static Network.Subnet subnetOf(Network network, String port, String ip) {
        long value = parse(port, ip);
        if (network.subnets().isEmpty()) {
            throw invalid("network " + network.name() + " has no subnet, so port " + port + " cannot be given " + ip);
        }
        for (Network.Subnet s : network.subnets()) {
            Ipv4Cidr cidr = Ipv4Cidr.parse(s.cidr());
            if (value < cidr.network() || value >= cidr.network() + cidr.size()) {
                continue;
            }
            if (value == cidr.network()) {
                throw invalid(ip + " is the network address of " + cidr + " on network " + network.name()
                        + "; ask for a host address");
            }
            if (value == cidr.network() + cidr.size() - 1) {
                throw invalid(ip + " is the broadcast address of " + cidr + " on network " + network.name()
                        + "; ask for a host address");
            }
            if (s.gateway() != null && ip.equals(s.gateway())) {
                throw invalid(ip + " is the gateway of network " + network.name() + "; ask for another address");
            }
            for (String range : s.excludeRanges()) {
                if (excludes(range, value)) {
                    throw invalid(ip + " is excluded from the addresses of network " + network.name()
                            + " (excluded range " + range + "); ask for another address");
                }
            }
            return s;
        }
        throw invalid(ip + " is outside the subnets of network " + network.name() + " ("
                + network.subnets().stream().map(Network.Subnet::cidr).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * A requested MAC, lower-cased.
     *
     * @throws BackendException ({@link BackendException.Reason#INVALID}) unless it is a unicast Ethernet address
     */
    public static String mac(String port, String mac) {
        String m = mac.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(m).matches()) {
            throw invalid("'" + mac + "' asked for port " + port + " is not a MAC address like 0a:00:00:00:00:01");
        }
        if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
            throw invalid("MAC " + mac + " asked for port " + port + " is a multicast address; a port needs a "
                    + "unicast one (first octet even, for example 0a:...)");
        }
        if (m.equals("00:00:00:00:00:00")) {
            throw invalid("MAC " + mac + " asked for port " + port + " is all zeros");
        }
        return m;
    }

    /**
     * Checks the requests of one call against each other: each MAC and each fixed IP at most once per network (by
     * network id). Also checks each MAC's and address's form.
     *
     * @throws BackendException ({@link BackendException.Reason#INVALID}) naming the address and the two ports
     */
    public static void noDuplicates(List<PortRequest> requests) {
        Map<String, String> seen = new HashMap<>();
        for (PortRequest r : requests) {
            String net = r.network().id();
            if (r.macAddress() != null) {
                String mac = mac(r.name(), r.macAddress());
                String other = seen.putIfAbsent("mac " + net + " " + mac, r.name());
                if (other != null) {
                    throw invalid("MAC " + mac + " on network " + r.network().name() + " is asked for twice in one "
                            + "request (ports " + other + " and " + r.name() + ")");
                }
            }
            for (String ip : r.fixedIps()) {
                parse(r.name(), ip);
                String other = seen.putIfAbsent("ip " + net + " " + ip, r.name());
                if (other != null) {
                    throw invalid(ip + " on network " + r.network().name() + " is asked for twice in one request "
                            + (other.equals(r.name())
                                    ? "(port " + other + ")"
                                    : "(ports " + other + " and " + r.name() + ")"));
                }
            }
        }
    }

    /**
     * An address (an IP or {@code MAC x}) in use on a network, as a refusal naming who holds it.
     *
     * @param holder the port holding it, or null when the backend would not say which
     */
    public static BackendException inUse(String address, Network network, BackendPort holder) {
        return new BackendException(
                BackendException.Reason.CONFLICT,
                address + " on network " + network.name() + " is in use by " + describe(holder));
    }

    /** "port NAME of Pod NS/NAME" for Kubetron's ports, "a port not created by Kubetron (ID)" for others. */
    public static String describe(BackendPort holder) {
        if (holder == null) {
            return "another port";
        }
        if (holder.owner() == null) {
            return "a port not created by Kubetron (" + holder.id() + ")";
        }
        return "port " + (holder.name() != null ? holder.name() : holder.id()) + " of Pod "
                + holder.owner().display();
    }

    /** Whether both lists hold the same addresses, in any order. */
    public static boolean sameAddresses(List<String> asked, List<String> got) {
        return asked.size() == got.size() && asked.containsAll(got) && got.containsAll(asked);
    }

    /** Whether {@code range} ({@code A} or {@code A-B}, as {@link AddressRange#toString()} writes it) holds it. */
    private static boolean excludes(String range, long value) {
        int dash = range.indexOf('-');
        try {
            long first = Ipv4Cidr.toLong(
                    dash < 0 ? range.strip() : range.substring(0, dash).strip());
            long last =
                    dash < 0 ? first : Ipv4Cidr.toLong(range.substring(dash + 1).strip());
            return value >= first && value <= last;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long parse(String port, String ip) {
        if (ip == null || ip.contains("/")) {
            throw invalid("'" + ip + "' asked for port " + port + " is not an IPv4 address; give the address alone, "
                    + "without a prefix, like 10.1.0.5");
        }
        try {
            return Ipv4Cidr.toLong(ip);
        } catch (IllegalArgumentException e) {
            throw invalid("'" + ip + "' asked for port " + port + " is not an IPv4 address like 10.1.0.5");
        }
    }

    private static BackendException invalid(String message) {
        return new BackendException(BackendException.Reason.INVALID, message);
    }
}
