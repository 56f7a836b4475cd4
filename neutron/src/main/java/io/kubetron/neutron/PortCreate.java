package io.kubetron.neutron;

import java.util.List;

/**
 * What to create a port with; null fields are left to Neutron (MAC), and so are the addresses when
 * {@code fixedIps} is empty.
 *
 * @param fixedIps the addresses asked for ({@code fixed_ips}); a null subnet id lets Neutron find the subnet
 * @param hostId {@code binding:host_id}: the OVN chassis hostname the port will be bound on, or null
 */
public record PortCreate(
        String networkId,
        String name,
        String macAddress,
        List<NeutronPort.FixedIp> fixedIps,
        String deviceOwner,
        String deviceId,
        String description,
        String hostId) {

    public PortCreate {
        fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
    }
}
