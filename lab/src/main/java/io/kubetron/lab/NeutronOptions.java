package io.kubetron.lab;

/**
 * Whether a lab also runs a real Neutron API server (and a real Keystone in front of it), and on which loopback
 * ports. Both are served over HTTPS with certificates of the lab's CA.
 *
 * @param enabled run neutron-server (ML2/OVN against the lab's own NB/SB)
 * @param keystone run Keystone and make Neutron authenticate tokens with it; implies {@code enabled}
 * @param port Neutron's HTTPS port on 127.0.0.1
 * @param keystonePort Keystone's HTTPS port on 127.0.0.1, used when {@code keystone}
 */
public record NeutronOptions(boolean enabled, boolean keystone, int port, int keystonePort) {
    public static final int DEFAULT_PORT = 49696;
    public static final int DEFAULT_KEYSTONE_PORT = 45000;
    /** No Neutron: the plain OVS + OVN lab. */
    public static final NeutronOptions OFF = new NeutronOptions(false, false, DEFAULT_PORT, DEFAULT_KEYSTONE_PORT);

    public NeutronOptions {
        enabled = enabled || keystone;
        for (int p : new int[] {port, keystonePort}) {
            // the system defaults would clash with (or be mistaken for) a real OpenStack on this machine
            if (p < 1024 || p > 65535 || p == 9696 || p == 5000 || p == 35357 || (p >= 6640 && p <= 6642)) {
                throw new IllegalArgumentException("port " + p
                        + " is not allowed for Neutron/Keystone (1024-65535, not 9696, 5000, 35357 nor 6640-6642)");
            }
        }
        if (enabled && keystone && port == keystonePort) {
            throw new IllegalArgumentException("Neutron and Keystone need different ports (both " + port + ")");
        }
    }

    /** Neutron with the default ports; with Keystone or in {@code noauth} mode. */
    public static NeutronOptions on(boolean keystone) {
        return new NeutronOptions(true, keystone, DEFAULT_PORT, DEFAULT_KEYSTONE_PORT);
    }

    public NeutronOptions withPorts(int neutronPort, int newKeystonePort) {
        return new NeutronOptions(enabled, keystone, neutronPort, newKeystonePort);
    }

    /** {@code keystone} or {@code noauth}: Neutron's auth_strategy, as {@code KUBETRON_NEUTRON_AUTH} says it. */
    public String auth() {
        return keystone ? "keystone" : "noauth";
    }
}
