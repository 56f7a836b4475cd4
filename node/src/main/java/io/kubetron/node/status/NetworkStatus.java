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

    /** The annotation's value: a JSON array in the order given. */
    public static String json(List<Entry> entries) {
        return JSON.writeValueAsString(entries.stream()
                .map(e -> Map.of("name", e.name(), "interface", e.interfaceName(), "ips", e.ips(), "mac", e.mac()))
                .map(java.util.TreeMap::new)
                .toList());
    }
}
