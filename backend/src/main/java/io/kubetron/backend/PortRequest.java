package io.kubetron.backend;

import io.kubetron.model.owner.PortOwner;
import java.util.List;

/**
 * A port to create.
 *
 * @param name the port's name, also the interface name in the Pod
 * @param macAddress a requested MAC, or null to let the backend choose
 * @param fixedIps requested IPv4 addresses (literals without a prefix, each in a subnet of the network); empty (or
 *     null) lets the backend choose
 */
public record PortRequest(Network network, String name, PortOwner owner, String macAddress, List<String> fixedIps) {

    public PortRequest {
        fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
    }

    /** A port whose MAC and address the backend chooses. */
    public PortRequest(Network network, String name, PortOwner owner) {
        this(network, name, owner, null, List.of());
    }

    /** Whether the request names its MAC or an address: what is asked must then be verified after creation. */
    public boolean isStatic() {
        return macAddress != null || !fixedIps.isEmpty();
    }
}
