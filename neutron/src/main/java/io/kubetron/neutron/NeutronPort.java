package io.kubetron.neutron;

import java.util.List;

/** A Neutron port. */
public record NeutronPort(
        String id,
        String name,
        String networkId,
        String macAddress,
        List<FixedIp> fixedIps,
        String deviceOwner,
        String deviceId,
        String description,
        String status,
        String bindingHostId,
        String bindingVifType) {

    public NeutronPort {
        fixedIps = List.copyOf(fixedIps);
    }

    /** One address of the port. */
    public record FixedIp(String subnetId, String ipAddress) {}
}
