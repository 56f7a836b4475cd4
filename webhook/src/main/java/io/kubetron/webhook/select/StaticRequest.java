package io.kubetron.webhook.select;

import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.backend.Network;
import io.kubetron.model.selection.AttachmentRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * What an attachment asks of its port and interface beyond a random allocation, checked against its network before
 * anything is made: the addresses must be IPv4 in the network's subnet (with its prefix length, when one is
 * written), the default-route gateways too. Whether an address or MAC is free is the backend's to say, as it creates
 * the port. Immutable.
 *
 * @param mac the MAC asked for, or null
 * @param ips the addresses asked for, without prefix length
 * @param defaultRoute the gateways of the Pod's default route through this attachment
 */
public record StaticRequest(String mac, List<String> ips, List<String> defaultRoute) {

    public StaticRequest {
        ips = List.copyOf(ips);
        defaultRoute = List.copyOf(defaultRoute);
    }

    /** Nothing asked: the backend chooses MAC and address, the default route stays on the cluster network. */
    public static final StaticRequest NONE = new StaticRequest(null, List.of(), List.of());

    /**
     * Checks {@code r} against {@code n}.
     *
     * @param where names the attachment in messages ({@code network red})
     * @param problems what is wrong is added here, one line per problem
     */
    public static StaticRequest check(AttachmentRequest r, Network n, String where, List<String> problems) {
        List<String> ips = new ArrayList<>();
        Ipv4Cidr subnet =
                n.subnets().isEmpty() ? null : Ipv4Cidr.parse(n.subnets().get(0).cidr());
        for (String written : r.ips()) {
            int slash = written.indexOf('/');
            String ip = slash < 0 ? written : written.substring(0, slash);
            if (ip.contains(":")) {
                problems.add(where + ": " + written + " is an IPv6 address; Kubetron's networks are IPv4");
            } else if (subnet == null) {
                problems.add(where + ": " + written + " cannot be given: network " + n.name() + " has no subnet");
            } else if (!subnet.contains(ip)) {
                problems.add(
                        where + ": " + written + " is outside the subnet of network " + n.name() + " (" + subnet + ")");
            } else if (slash >= 0 && Integer.parseInt(written.substring(slash + 1)) != subnet.prefix()) {
                problems.add(where + ": " + written + " has another prefix length than the subnet of network "
                        + n.name() + " (" + subnet + ")");
            } else {
                ips.add(ip);
            }
        }
        if (ips.size() > 1) {
            problems.add(where + ": " + String.join(", ", ips) + ": one address per attachment (network " + n.name()
                    + " has one subnet); ask for the network twice for two interfaces");
        }
        if (r.defaultRoute().size() > 1) {
            problems.add(where + ": default-route " + String.join(", ", r.defaultRoute())
                    + ": one gateway per attachment (the Pod's default route goes through one)");
        }
        for (String gw : r.defaultRoute()) {
            if (gw.contains(":")) {
                problems.add(where + ": default-route " + gw + " is an IPv6 address; Kubetron's networks are IPv4");
            } else if (subnet == null || !subnet.contains(gw)) {
                problems.add(where + ": default-route " + gw + " is not in the subnet of network " + n.name()
                        + (subnet == null ? " (it has none)" : " (" + subnet + ")")
                        + ": the Pod could not reach that gateway");
            }
        }
        return new StaticRequest(r.mac(), ips, r.defaultRoute());
    }
}
