package io.kubetron.node.plumbing;

import io.kubetron.model.NetworksSpec;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.ovsdb.vswitch.Interface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a Pod's networksSpec into attachments, one per port, in the spec's (sorted) order. Pure: checks names and
 * addresses so that nothing invalid reaches the kernel or the database. Thread-safe (immutable).
 */
public final class PlumbingPlanner {
    /** What the kernel accepts as an interface name, minus what would confuse tools ({@code /}, spaces, {@code :}). */
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private final AddressMode mode;
    private final int defaultMtu;

    /**
     * @param mode address mode of every attachment
     * @param defaultMtu MTU for networks without {@link NetworkParams}
     */
    public PlumbingPlanner(AddressMode mode, int defaultMtu) {
        this.mode = mode;
        this.defaultMtu = defaultMtu;
    }

    /**
     * @param params per network name; networks missing here get the default MTU and no prefix
     * @throws IllegalArgumentException naming the network whose port cannot be plumbed
     */
    public List<Attachment> plan(PodRef pod, NetworksSpec spec, Map<String, NetworkParams> params) {
        List<Attachment> out = new ArrayList<>();
        Set<String> podNames = new HashSet<>();
        Set<String> hostNames = new HashSet<>();
        for (Map.Entry<String, NetworksSpec.Port> e : spec.ports().entrySet()) {
            NetworksSpec.Port port = e.getValue();
            String network = port.networkOr(e.getKey());
            String statusName = port.attachment() == null ? network : port.attachment();
            String where = "network " + statusName + " of Pod " + pod.display() + ": ";
            if (port.portName() == null
                    || !IFNAME.matcher(port.portName()).matches()
                    || port.portName().equals("lo")
                    || port.portName().equals("eth0")) {
                throw new IllegalArgumentException(where + "port name '" + port.portName()
                        + "' cannot be an interface name (1-15 of A-Z a-z 0-9 _ . -, not lo or eth0)");
            }
            if (port.portId() == null || port.portId().isBlank()) {
                throw new IllegalArgumentException(where + "no port id");
            }
            String mac = port.macAddress() == null ? "" : port.macAddress().toLowerCase(java.util.Locale.ROOT);
            if (!MAC.matcher(mac).matches()) {
                throw new IllegalArgumentException(where + "MAC '" + port.macAddress() + "' is not a MAC address");
            }
            String host = HostIfNames.of(port.portId());
            if (!podNames.add(port.portName()) || !hostNames.add(host)) {
                throw new IllegalArgumentException(
                        where + "interface " + port.portName() + " or port " + port.portId() + " appears twice");
            }
            NetworkParams p = params.getOrDefault(e.getKey(), new NetworkParams(defaultMtu, null));
            for (String gw : port.defaultRoute()) {
                if (!IPV4.matcher(gw).matches()) {
                    throw new IllegalArgumentException(
                            where + "default-route gateway '" + gw + "' is not an IPv4 address");
                }
            }
            if (mode == AddressMode.STATIC
                    && (p.prefixLength() == null || port.fixedIps().isEmpty())) {
                throw new IllegalArgumentException(
                        where + "static addressing needs the port's fixed IP and the " + "subnet's prefix length");
            }
            Map<String, String> ids = new LinkedHashMap<>();
            // OVN's binding keys, then the owner keys the backend's ports carry too, so one query finds both
            ids.put(Interface.IFACE_ID, port.portId());
            ids.put(Interface.ATTACHED_MAC, mac);
            ids.put(Interface.IFACE_STATUS, "active");
            ids.put(OwnerKeys.CREATOR, OwnerKeys.NODE_CREATOR);
            ids.putAll(pod.owner().tags());
            ids.put(OwnerKeys.NETWORK, network);
            ids.put(OwnerKeys.PORT_NAME, port.portName());
            out.add(new Attachment(
                    network,
                    port.portId(),
                    port.portName(),
                    host,
                    mac,
                    p.mtu(),
                    mode,
                    p.prefixLength(),
                    port.fixedIps(),
                    ids,
                    statusName,
                    port.defaultRoute()));
        }
        return out;
    }
}
