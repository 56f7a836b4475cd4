package io.kubetron.node.plumbing;

/** How a Pod interface gets its address. */
public enum AddressMode {
    /** A real DHCP exchange inside the Pod's namespace, answered by OVN (the original's behaviour, the default). */
    DHCP,
    /** The port's fixed IPs, written directly. */
    STATIC
}
