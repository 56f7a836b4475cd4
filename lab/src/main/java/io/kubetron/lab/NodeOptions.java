package io.kubetron.lab;

/**
 * How many emulated nodes a lab runs and whether they share a provider (physical, VLAN) network.
 *
 * @param count nodes, 1 to {@value #MAX}; node 0 is the single-node lab, the others are added beside it
 * @param physnet whether every node gets a provider bridge {@code br-prov} mapped to {@code phys-net10}, uplinked to a
 *     provider switch that also connects an external host on VLAN 100
 */
public record NodeOptions(int count, boolean physnet) {
    /** The most nodes a lab runs; each costs about 35 MB and 0.2 s of start-up. */
    public static final int MAX = 4;
    /** One node, no provider network: the lab as it always was. */
    public static final NodeOptions SINGLE = new NodeOptions(1, false);
    /** Pod MTU when traffic may cross a Geneve tunnel: the userspace datapath does not fragment (underlay 1500). */
    public static final int TUNNEL_POD_MTU = 1400;

    public NodeOptions {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("nodes must be 1 to " + MAX + ", not " + count);
        }
    }

    /** Whether nodes are joined by an underlay (Geneve tunnels between their chassis). */
    public boolean multiNode() {
        return count > 1;
    }

    /** The MTU a Pod interface should have: {@value #TUNNEL_POD_MTU} with tunnels, else 1500. */
    public int podMtu() {
        return multiNode() ? TUNNEL_POD_MTU : 1500;
    }
}
