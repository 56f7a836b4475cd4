package io.kubetron.node.status;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@value #ANNOTATION} annotation of the Network Plumbing WG's multi-network specification: one entry per
 * interface Kubetron plumbed, with the network's name, the interface, its IPs and MAC. Kubetron is not the Pod's
 * primary network, so no entry is marked {@code default}. Pure.
 */
public final class NetworkStatus {
    public static final String ANNOTATION = "k8s.v1.cni.cncf.io/network-status";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One interface. */
    public record Entry(String name, String interfaceName, List<String> ips, String mac) {
        public Entry {
            ips = List.copyOf(ips);
        }
    }

    private NetworkStatus() {}

    /**
     * The annotation's new value: {@code current} (written by whoever else reports this Pod's networks: Multus for
     * the primary network and its own attachments) with Kubetron's entries replaced by {@code ours}. An entry is
     * Kubetron's when its interface is one of {@code ourInterfaces} (the Pod's Kubetron interfaces: nobody else can
     * have them); every other entry stays as it is, in its place, with all its fields. A value that is not a JSON
     * array is replaced (it is nobody's valid status).
     */
    public static String merge(String current, List<Entry> ours, java.util.Set<String> ourInterfaces) {
        java.util.List<Object> out = new java.util.ArrayList<>();
        if (current != null && !current.isBlank()) {
            try {
                tools.jackson.databind.JsonNode tree = JSON.readTree(current);
                if (tree.isArray()) {
                    for (tools.jackson.databind.JsonNode e : tree) {
                        String iface = e.path("interface").asString("");
                        if (!ourInterfaces.contains(iface)) {
                            out.add(e);
                        }
                    }
                }
            } catch (tools.jackson.core.JacksonException e) {
                // not JSON: nothing of it can be kept
            }
        }
        entries(ours).forEach(out::add);
        return JSON.writeValueAsString(out);
    }

    private static List<java.util.TreeMap<String, Object>> entries(List<Entry> entries) {
        return entries.stream()
                .map(e -> Map.<String, Object>of(
                        "name", e.name(), "interface", e.interfaceName(), "ips", e.ips(), "mac", e.mac()))
                .map(java.util.TreeMap::new)
                .toList();
    }

    /** The annotation's value: a JSON array in the order given. */
    public static String json(List<Entry> entries) {
        return JSON.writeValueAsString(entries.stream()
                .map(e -> Map.of("name", e.name(), "interface", e.interfaceName(), "ips", e.ips(), "mac", e.mac()))
                .map(java.util.TreeMap::new)
                .toList());
    }
}
