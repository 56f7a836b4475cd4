package io.kubetron.node.plumbing;

/**
 * What the plumbing needs to know of a network beyond its port.
 *
 * @param mtu the interface MTU (both veth ends)
 * @param prefixLength the subnet's prefix length, for {@link AddressMode#STATIC}; null when unknown
 */
public record NetworkParams(int mtu, Integer prefixLength) {
    public NetworkParams {
        if (mtu < 576 || mtu > 65535) {
            throw new IllegalArgumentException("MTU " + mtu + " is outside 576-65535");
        }
        if (prefixLength != null && (prefixLength < 1 || prefixLength > 32)) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 1-32");
        }
    }
}
