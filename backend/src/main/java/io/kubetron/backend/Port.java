package io.kubetron.backend;

import io.kubetron.model.owner.PortOwner;
import java.util.List;

/**
 * A port: the id is also the OVS {@code external_ids:iface-id} that binds an interface to it.
 *
 * @param owner Kubetron's owner record, or null if the port is not Kubetron's
 */
public record Port(
        String id,
        String name,
        String networkId,
        String networkName,
        String macAddress,
        List<String> fixedIps,
        PortOwner owner) {
    public Port {
        fixedIps = List.copyOf(fixedIps);
    }
}
