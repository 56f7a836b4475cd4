package io.kubetron.backend.ovn;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.Ipv4Cidr;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Picks a free IPv4 address and MAC for a new port from what a switch already uses. Pure: the caller makes the choice
 * stick with an atomic compare-and-swap in the database, and retries with fresh data when another allocator won.
 * Thread-safe.
 */
final class AddressAllocator {
    private final SecureRandom random;

    AddressAllocator(SecureRandom random) {
        this.random = random;
    }

    /**
     * The lowest free host address of {@code subnet}: never the network or broadcast address, the gateway, an
     * excluded address, or one in use.
     */
    String pickIp(Ipv4Cidr subnet, java.util.function.LongPredicate unavailable, String network) {
        for (long i = 1; i < subnet.size() - 1; i++) {
            if (!unavailable.test(subnet.network() + i)) {
                return subnet.address(i);
            }
        }
        throw new BackendException(
                BackendException.Reason.CONFLICT, "network " + network + " has no free address left in " + subnet);
    }

    /** Checks a requested address. */
    void checkIp(Ipv4Cidr subnet, String ip, java.util.function.LongPredicate unavailable, String network) {
        if (!subnet.contains(ip)) {
            throw new BackendException(
                    BackendException.Reason.INVALID,
                    "IP " + ip + " is not in " + subnet + ", the subnet of network " + network);
        }
        long i = subnet.indexOf(ip);
        if (i == 0 || i == subnet.size() - 1) {
            throw new BackendException(
                    BackendException.Reason.INVALID, "IP " + ip + " is the network or broadcast address of " + subnet);
        }
        if (unavailable.test(Ipv4Cidr.toLong(ip))) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    "IP " + ip + " is already in use (or reserved) on network " + network);
        }
    }

    /** A random, locally administered, unicast MAC not in {@code used}. */
    String pickMac(java.util.function.Predicate<String> used) {
        byte[] b = new byte[6];
        for (int attempt = 0; attempt < 1000; attempt++) {
            random.nextBytes(b);
            b[0] = (byte) ((b[0] | 0x02) & 0xfe);
            String mac = HexFormat.ofDelimiter(":").formatHex(b);
            if (!used.test(mac)) {
                return mac;
            }
        }
        throw new IllegalStateException("no free MAC after 1000 random draws");
    }

    /** Checks a requested MAC: well-formed, unicast, unused on the switch. Returns it lower-cased. */
    String checkMac(String mac, java.util.function.Predicate<String> used, String network) {
        String m = mac.toLowerCase(java.util.Locale.ROOT);
        if (!m.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}")) {
            throw new BackendException(
                    BackendException.Reason.INVALID, "'" + mac + "' is not a MAC address like 0a:00:00:00:00:01");
        }
        if ((Integer.parseInt(m.substring(0, 2), 16) & 1) != 0) {
            throw new BackendException(BackendException.Reason.INVALID, "MAC " + mac + " is a multicast address");
        }
        if (used.test(m)) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT, "MAC " + mac + " is already in use on network " + network);
        }
        return m;
    }
}
