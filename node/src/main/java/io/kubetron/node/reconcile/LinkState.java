package io.kubetron.node.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Interfaces of one network namespace as {@code ip -j addr show} prints them (not {@code -4}: that leaves out the MAC): name, MAC, administratively up, IPv4
 * addresses. Parsing is pure, so it is unit-tested on iproute2's real output. Immutable.
 */
record LinkState(Map<String, Link> links) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One interface. */
    public record Link(String name, String mac, boolean up, List<String> ipv4, String kind) {
        public Link {
            ipv4 = List.copyOf(ipv4);
        }
    }

    public LinkState {
        links = Map.copyOf(links);
    }

    /** Parses the JSON array of {@code ip -j [-d] [-4] addr|link show}. */
    public static LinkState parse(String json) {
        Map<String, Link> out = new LinkedHashMap<>();
        JsonNode root = JSON.readTree(json.isBlank() ? "[]" : json);
        for (JsonNode n : root) {
            String name = n.path("ifname").asString("");
            if (name.isEmpty()) {
                continue;
            }
            boolean up = false;
            for (JsonNode f : n.path("flags")) {
                up |= "UP".equals(f.asString(""));
            }
            List<String> ips = new ArrayList<>();
            for (JsonNode a : n.path("addr_info")) {
                if ("inet".equals(a.path("family").asString("")) && a.has("local")) {
                    ips.add(a.path("local").asString());
                }
            }
            String kind = n.path("linkinfo").path("info_kind").asString("");
            out.put(name, new Link(name, n.path("address").asString("").toLowerCase(Locale.ROOT), up, ips, kind));
        }
        return new LinkState(out);
    }
}
