package io.kubetron.backend;

import io.kubetron.model.owner.PortOwner;
import java.util.List;

/**
 * A port as the backend holds it (an OVN Logical_Switch_Port or a Neutron port; not an OVS {@code Port} row, which is
 * {@code io.kubetron.ovsdb.vswitch.Port}): the id is also the OVS {@code external_ids:iface-id} that binds an
 * interface to it.
 *
 * @param owner Kubetron's owner record, or null if the port is not Kubetron's
 */
public record BackendPort(
        String id,
        String name,
        String networkId,
        String networkName,
        String macAddress,
        List<String> fixedIps,
        PortOwner owner) {
    public BackendPort {
        fixedIps = List.copyOf(fixedIps);
    }
}
