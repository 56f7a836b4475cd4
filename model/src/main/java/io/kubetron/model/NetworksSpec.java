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
    private static final TypeReference<TreeMap<String, Port>> TYPE = new TypeReference<>() {
    };

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
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Port(
            @JsonProperty("portName") String portName,
            @JsonProperty("portID") String portId,
            @JsonProperty("macAddress") String macAddress,
            @JsonProperty("fixedIPs") List<String> fixedIps) {
        public Port {
            fixedIps = fixedIps == null ? List.of() : List.copyOf(fixedIps);
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
            throw new IllegalArgumentException("malformed " + Annotations.NETWORKS_SPEC + ": " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        return JSON.writeValueAsString(ports);
    }
}
