package io.kubetron.neutron;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads Neutron's JSON resources into records; absent and null fields become null or empty. */
final class Resources {
    private Resources() {}

    static NeutronNetwork network(JsonNode n) {
        return new NeutronNetwork(
                n.path("id").asString(),
                text(n, "name"),
                integer(n, "mtu"),
                text(n, "provider:network_type"),
                text(n, "provider:physical_network"),
                integer(n, "provider:segmentation_id"),
                strings(n.path("subnets")),
                text(n, "description"));
    }

    static NeutronSubnet subnet(JsonNode n) {
        return new NeutronSubnet(
                n.path("id").asString(),
                text(n, "name"),
                text(n, "network_id"),
                text(n, "cidr"),
                text(n, "gateway_ip"),
                n.path("enable_dhcp").asBoolean(false),
                strings(n.path("dns_nameservers")),
                pools(n.path("allocation_pools")));
    }

    private static List<AllocationPool> pools(JsonNode array) {
        List<AllocationPool> out = new ArrayList<>();
        for (JsonNode p : array) {
            out.add(new AllocationPool(text(p, "start"), text(p, "end")));
        }
        return out;
    }

    static NeutronPort port(JsonNode n) {
        List<NeutronPort.FixedIp> ips = new ArrayList<>();
        for (JsonNode ip : n.path("fixed_ips")) {
            ips.add(new NeutronPort.FixedIp(text(ip, "subnet_id"), text(ip, "ip_address")));
        }
        return new NeutronPort(
                n.path("id").asString(),
                text(n, "name"),
                text(n, "network_id"),
                text(n, "mac_address"),
                ips,
                text(n, "device_owner"),
                text(n, "device_id"),
                text(n, "description"),
                text(n, "status"),
                text(n, "binding:host_id"),
                text(n, "binding:vif_type"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asInt();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array) {
            out.add(v.asString());
        }
        return out;
    }
}
