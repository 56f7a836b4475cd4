package io.kubetron.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Annotations#NETWORKS_SPEC} annotation: for every requested network, the port Kubetron made.
 * The JSON keys are those of the original project; keys are written sorted, as the original did.
 *
 * @param ports port per network name
 */
public record NetworksSpec(SortedMap<String, Port> ports) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<TreeMap<String, Port>> TYPE = new TypeReference<>() {};

    public NetworksSpec {
        ports = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(ports));
    }

    /**
     * One network's port.
     *
     * @param portName interface name inside the Pod, also the backend port's name
     * @param portId backend port id, also the OVS {@code external_ids:iface-id}
     * @param macAddress lower-case MAC address
     * @param fixedIps addresses the backend assigned (an extension; the original had none)
     * @param mtu the network's MTU when the backend knows it (an extension: the node agent sizes the interface with
     *     it; null when unknown)
     * @param subnets the CIDRs of the network's subnets (an extension: the prefix length for static addressing)
     * @param network the backend network's name when it is not the key (an extension: a Pod selecting through
     *     {@code k8s.v1.cni.cncf.io/networks} is keyed by attachment, and may have one network twice); null: the key
     * @param attachment the attachment as the Network Plumbing WG names it, {@code namespace/name} (an extension,
     *     for {@code network-status}); null for the original annotation's networks
     * @param defaultRoute gateways the Pod's default route should go through on this interface (an extension, from
     *     the selection's {@code default-route}); empty: the Pod's default route is left alone
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Port(
            @JsonProperty("portName") String portName,
            @JsonProperty("portID") String portId,
            @JsonProperty("macAddress") String macAddress,
            @JsonProperty("fixedIPs") List<String> fixedIps,
            @JsonProperty("mtu") Integer mtu,
            @JsonProperty("subnets") List<String> subnets,
            @JsonProperty("network") String network,
            @JsonProperty("attachment") String attachment,
            @JsonProperty("defaultRoute") List<String> defaultRoute) {
        public Port {
            fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
            subnets = subnets == null ? List.of() : List.copyOf(subnets);
            defaultRoute = defaultRoute == null ? List.of() : List.copyOf(defaultRoute);
        }

        /** A port as the original recorded it, plus its addresses. */
        public Port(String portName, String portId, String macAddress, List<String> fixedIps) {
            this(portName, portId, macAddress, fixedIps, null, null);
        }

        /** A port of a network selected by the original annotation: keyed by its network's name. */
        public Port(
                String portName,
                String portId,
                String macAddress,
                List<String> fixedIps,
                Integer mtu,
                List<String> subnets) {
            this(portName, portId, macAddress, fixedIps, mtu, subnets, null, null, List.of());
        }

        /** The backend network's name, given the key this port is recorded under. */
        public String networkOr(String key) {
            return network == null || network.isEmpty() ? key : network;
        }

        /** The prefix length of the subnet that holds {@code ip} (IPv4), if the spec names it. */
        public java.util.Optional<Integer> prefixLengthOf(String ip) {
            for (String cidr : subnets) {
                int slash = cidr.indexOf('/');
                if (slash < 0) {
                    continue;
                }
                try {
                    int len = Integer.parseInt(cidr.substring(slash + 1));
                    if (len >= 0 && len <= 32 && sameNetwork(ipv4(cidr.substring(0, slash)), ipv4(ip), len)) {
                        return java.util.Optional.of(len);
                    }
                } catch (IllegalArgumentException e) {
                    // not an IPv4 CIDR: not this one
                }
            }
            return java.util.Optional.empty();
        }

        private static boolean sameNetwork(long a, long b, int len) {
            long mask = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
            return (a & mask) == (b & mask);
        }

        private static long ipv4(String text) {
            String[] parts = text.split("\\.");
            if (parts.length != 4) {
                throw new IllegalArgumentException(text);
            }
            long v = 0;
            for (String p : parts) {
                int o = Integer.parseInt(p);
                if (o < 0 || o > 255) {
                    throw new IllegalArgumentException(text);
                }
                v = (v << 8) | o;
            }
            return v;
        }
    }

    public static NetworksSpec of(Map<String, Port> ports) {
        return new NetworksSpec(new TreeMap<>(ports));
    }

    /** Reads the annotation value; throws {@link IllegalArgumentException} with a readable message when malformed. */
    public static NetworksSpec parse(String json) {
        try {
            TreeMap<String, Port> map = JSON.readValue(json, TYPE);
            if (map == null) {
                throw new IllegalArgumentException("networksSpec is null");
            }
            return new NetworksSpec(map);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "malformed " + Annotations.NETWORKS_SPEC + ": " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        return JSON.writeValueAsString(ports);
    }
}
