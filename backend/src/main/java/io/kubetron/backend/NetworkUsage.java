package io.kubetron.backend;

/**
 * How much of a network is used.
 *
 * @param ports the ports on it that block its deletion (OVN: all but the localnet port; Neutron: all but the
 *     network's own, {@code network:*})
 * @param freeAddresses host addresses of its subnet no port has and none is reserved (gateway, excluded), null
 *     without a subnet
 */
public record NetworkUsage(int ports, Long freeAddresses) {}
