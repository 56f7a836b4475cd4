package io.kubetron.backend;

import io.kubetron.model.owner.PortOwner;

/**
 * A port to create.
 *
 * @param name the port's name, also the interface name in the Pod
 * @param macAddress a requested MAC, or null to let the backend choose
 * @param fixedIp a requested IPv4 address in the network's subnet, or null to let the backend choose
 */
public record PortRequest(Network network, String name, PortOwner owner, String macAddress, String fixedIp) {}
