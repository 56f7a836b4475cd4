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
}
