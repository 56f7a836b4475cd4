package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.neutron.LabHttp;
import java.net.URI;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The few Neutron v2.0 calls the lab's tests make, over a client that trusts only the lab's CA. */
final class NeutronApi {
    private final LabHttp http;
    private final URI root;
    private final String token;

    NeutronApi(LabHttp http, URI root, String token) {
        this.http = http;
        this.root = root;
        this.token = token;
    }

    JsonNode create(String kind, Map<String, Object> fields) {
        return http.expect(201, "POST", root.resolve("/v2.0/" + kind + "s"), token, Map.of(kind, fields))
                .json()
                .get(kind);
    }

    JsonNode show(String kind, String id) {
        return http.expect(200, "GET", root.resolve("/v2.0/" + kind + "s/" + id), token, null)
                .json()
                .get(kind);
    }

    void delete(String kind, String id) {
        http.expect(204, "DELETE", root.resolve("/v2.0/" + kind + "s/" + id), token, null);
    }

    /** A network with a DHCP-enabled IPv4 subnet; returns the network's id and the subnet's id. */
    String[] networkWithSubnet(String name, Map<String, Object> extra, String cidr) {
        Map<String, Object> fields = new java.util.HashMap<>(extra);
        fields.put("name", name);
        JsonNode net = create("network", fields);
        JsonNode subnet = create(
                "subnet",
                Map.of("network_id", net.get("id").asString(), "ip_version", 4, "cidr", cidr, "enable_dhcp", true));
        assertThat(subnet.get("cidr").asString()).isEqualTo(cidr);
        return new String[] {net.get("id").asString(), subnet.get("id").asString()};
    }
}
