package io.kubetron.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Annotations#NETWORK_STATUS} annotation of the Network Plumbing WG's multi-network specification: a JSON
 * array with one entry per interface the node agent plumbed, its keys written sorted ({@code default}, {@code gateway}
 * when the Pod's default route goes through it, {@code interface}, {@code ips}, {@code mac}, {@code name}: the keys
 * of {@code k8snetworkplumbingwg/network-attachment-definition-client pkg/apis/k8s.cni.cncf.io/v1/types.go
 * NetworkStatus}, whose releases since v1.7 also write {@code gateway} from a CNI result's default routes). Kubetron
 * is not the Pod's primary network, so every entry says {@code "default": false}.
 */
public final class NetworkStatus {
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<Entry>> TYPE = new TypeReference<>() {};

    private NetworkStatus() {}

    /**
     * One interface.
     *
     * @param name the Kubetron network
     * @param interfaceName the interface inside the Pod
     * @param ips its addresses
     * @param mac its MAC address
     * @param isDefault whether this is the Pod's default (cluster) network: never for Kubetron's, written as
     *     {@code false} as the spec's example does
     * @param gateway the gateways the Pod's default route goes through on this interface, when it asked for that
     *     ({@code default-route}); empty otherwise
     */
    @JsonPropertyOrder({"default", "gateway", "interface", "ips", "mac", "name"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(
            @JsonProperty("name") String name,
            @JsonProperty("interface") String interfaceName,
            @JsonProperty("ips") List<String> ips,
            @JsonProperty("mac") String mac,
            @JsonProperty("default") boolean isDefault,

            @JsonProperty("gateway") @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<String> gateway) {
        public Entry {
            ips = ips == null ? List.of() : List.copyOf(ips);
            gateway = gateway == null ? List.of() : List.copyOf(gateway);
        }

        /** A secondary interface (not the default network) without a default route. */
        public Entry(String name, String interfaceName, List<String> ips, String mac) {
            this(name, interfaceName, ips, mac, false, List.of());
        }
    }

    /**
     * The annotation's new value: {@code current} (written by whoever else reports this Pod's networks: Multus for the
     * primary network and its own attachments) with Kubetron's entries replaced by {@code ours}. An entry is
     * Kubetron's when its interface is one of {@code ourInterfaces} (the Pod's Kubetron interfaces: nobody else can
     * have them); every other entry stays as it is, in its place, with all its fields. A value that is not a JSON
     * array is replaced (it is nobody's valid status).
     */
    public static String merge(String current, List<Entry> ours, java.util.Set<String> ourInterfaces) {
        tools.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
        if (current != null && !current.isBlank()) {
            try {
                tools.jackson.databind.JsonNode tree = JSON.readTree(current);
                if (tree.isArray()) {
                    for (tools.jackson.databind.JsonNode e : tree) {
                        if (!ourInterfaces.contains(e.path("interface").asString(""))) {
                            out.add(e);
                        }
                    }
                }
            } catch (JacksonException e) {
                // not JSON: nothing of it can be kept
            }
        }
        for (Entry e : ours) {
            out.add(JSON.valueToTree(e));
        }
        return JSON.writeValueAsString(out);
    }

    /** The annotation's value: the entries in the order given. */
    public static String toJson(List<Entry> entries) {
        return JSON.writeValueAsString(List.copyOf(entries));
    }

    /**
     * Reads an annotation value (keys other writers add, such as {@code default} or {@code dns}, are ignored);
     * throws {@link IllegalArgumentException} with a readable message when malformed.
     */
    public static List<Entry> parse(String json) {
        try {
            List<Entry> entries = JSON.readValue(json, TYPE);
            if (entries == null) {
                throw new IllegalArgumentException(Annotations.NETWORK_STATUS + " is null");
            }
            return List.copyOf(entries);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "malformed " + Annotations.NETWORK_STATUS + ": " + e.getOriginalMessage(), e);
        }
    }
}
