package io.kubetron.node.plumbing;

import java.util.List;
import java.util.Map;

/**
 * One network of a Pod, planned: everything the executor needs, nothing it has to decide. Immutable.
 *
 * @param network the backend network's name
 * @param statusName the name {@code network-status} reports: the Network Plumbing WG attachment ({@code
 *     namespace/name}) when the Pod selected it so, else the network's name
 * @param portId the backend port, also {@code external_ids:iface-id}
 * @param podIfName the interface name inside the Pod (networksSpec portName)
 * @param hostIfName the host end's name, derived from the port id ({@link HostIfNames})
 * @param mac the port's MAC, which the Pod interface must carry or OVN drops its traffic
 * @param fixedIps the port's addresses: DHCP must hand out one of them; static mode writes them
 * @param externalIds what the OVS Interface row carries: iface-id, attached-mac, iface-status and owner tags
 * @param defaultRoute the gateways the Pod's default route is to go through on this interface (empty: leave the
 *     Pod's default route alone)
 */
public record Attachment(
        String network,
        String portId,
        String podIfName,
        String hostIfName,
        String mac,
        int mtu,
        AddressMode mode,
        Integer prefixLength,
        List<String> fixedIps,
        Map<String, String> externalIds,
        String statusName,
        List<String> defaultRoute) {
    public Attachment {
        fixedIps = List.copyOf(fixedIps);
        externalIds = Map.copyOf(externalIds);
        defaultRoute = List.copyOf(defaultRoute);
    }
}
