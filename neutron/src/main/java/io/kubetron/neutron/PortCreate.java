package io.kubetron.neutron;

/**
 * What to create a port with; null fields are left to Neutron (MAC, IP).
 *
 * @param hostId {@code binding:host_id}: the OVN chassis hostname the port will be bound on, or null
 */
public record PortCreate(
        String networkId,
        String name,
        String macAddress,
        String fixedIp,
        String deviceOwner,
        String deviceId,
        String description,
        String hostId) {}
