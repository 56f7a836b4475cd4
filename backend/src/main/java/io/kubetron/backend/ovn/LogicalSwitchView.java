package io.kubetron.backend.ovn;

import io.kubetron.backend.AddressRange;
import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.backend.Network;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.ovsdb.data.Row;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A Logical_Switch as Kubetron sees it, read from the replica: the network it is, and the addresses its subnet
 * reserves (gateway, {@code exclude_ips}). What its ports use is {@link SwitchUsage}'s business.
 *
 * @param reservedIps addresses no port may get, as 32-bit values
 */
record LogicalSwitchView(
        Row row, Network network, Optional<UUID> dhcpOptions, Map<String, String> externalIds, Set<Long> reservedIps) {

    static LogicalSwitchView of(Row ls, List<Row> dhcpOptions, java.util.function.Function<UUID, Optional<Row>> ports) {
        Map<String, String> ext = ls.stringMap("external_ids");
        Map<String, String> other = ls.stringMap("other_config");
        String cidr = other.get("subnet");
        Row dhcp = null;
        if (cidr != null) {
            for (Row d : dhcpOptions) {
                if (cidr.equals(d.string("cidr"))
                        && ls.string("name").equals(d.stringMap("external_ids").get(OwnerKeys.NETWORK))) {
                    dhcp = d;
                }
            }
            if (dhcp == null && !ext.containsKey(OwnerKeys.CREATOR)) {
                // a switch made by hand: any DHCP_Options row for its CIDR will do (Kubetron's own switches name
                // theirs; one without is a network with DHCP off, which must not borrow another's)
                dhcp = dhcpOptions.stream()
                        .filter(d -> cidr.equals(d.string("cidr")))
                        .findFirst()
                        .orElse(null);
            }
        }
        Set<Long> ips = new HashSet<>();
        List<Network.Subnet> subnets = List.of();
        Integer mtu = null;
        if (cidr != null) {
            Map<String, String> opts = dhcp == null ? Map.of() : dhcp.stringMap("options");
            String gateway = opts.getOrDefault("router", ext.get(OvnKeys.GATEWAY));
            if (gateway != null) {
                ips.add(Ipv4Cidr.toLong(gateway));
            }
            List<AddressRange> excludedRanges = new ArrayList<>();
            for (String excluded : other.getOrDefault("exclude_ips", "").split("\\s+")) {
                addExcluded(excluded, ips, excludedRanges);
            }
            long gw = gateway == null ? -1 : Ipv4Cidr.toLong(gateway);
            List<String> excludeList = AddressRange.merge(excludedRanges).stream()
                    .flatMap(r -> r.minus(gw).stream())
                    .map(AddressRange::toString)
                    .toList();
            String dns = opts.get("dns_server");
            List<String> dnsList = dns == null
                    ? List.of()
                    : List.of(dns.replaceAll("[{}]", "").split("\\s*,\\s*")).stream()
                            .filter(s -> !s.isBlank())
                            .toList();
            subnets = List.of(new Network.Subnet(
                    dhcp == null ? null : dhcp.uuid().toString(), cidr, gateway, dnsList, dhcp != null, excludeList));
            mtu = opts.containsKey("mtu") ? Integer.valueOf(opts.get("mtu")) : null;
        }
        if (mtu == null && ext.containsKey(OvnKeys.MTU)) {
            mtu = Integer.valueOf(ext.get(OvnKeys.MTU));
        }
        String physnet = ext.get(OvnKeys.PHYSNET);
        Integer vlan = ext.containsKey(OvnKeys.VLAN) ? Integer.valueOf(ext.get(OvnKeys.VLAN)) : null;
        if (physnet == null && !ext.containsKey(OwnerKeys.CREATOR)) {
            // a switch made by hand: its localnet port says what it is (Kubetron's own switches say it in external_ids)
            for (Row port : ls.uuidSet("ports").stream()
                    .map(ports)
                    .flatMap(Optional::stream)
                    .toList()) {
                if ("localnet".equals(port.string("type"))) {
                    physnet = port.stringMap("options").get("network_name");
                    vlan = port.optional("tag", Long.class).map(Long::intValue).orElse(null);
                }
            }
        }
        Network n = new Network(
                ls.uuid().toString(),
                ls.string("name"),
                physnet,
                vlan,
                mtu,
                subnets,
                ext.get(OwnerKeys.NETWORK_OBJECT_UID));
        return new LogicalSwitchView(ls, n, Optional.ofNullable(dhcp).map(Row::uuid), ext, ips);
    }

    /** exclude_ips holds addresses and ranges "a..b". */
    private static void addExcluded(String token, Set<Long> ips, List<AddressRange> ranges) {
        if (token.isBlank()) {
            return;
        }
        int range = token.indexOf("..");
        if (range < 0) {
            long v = Ipv4Cidr.toLong(token);
            ips.add(v);
            ranges.add(new AddressRange(v, v));
            return;
        }
        long from = Ipv4Cidr.toLong(token.substring(0, range));
        long to = Ipv4Cidr.toLong(token.substring(range + 2));
        if (to >= from) {
            ranges.add(new AddressRange(from, to));
        }
        for (long v = from; v <= to && v - from < 65536; v++) {
            ips.add(v);
        }
    }
}
