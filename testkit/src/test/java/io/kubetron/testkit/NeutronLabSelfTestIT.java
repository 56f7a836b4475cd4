package io.kubetron.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.Lab;
import io.kubetron.lab.NetnsPod;
import io.kubetron.lab.NetnsPods;
import io.kubetron.lab.neutron.LabHttp;
import io.kubetron.lab.neutron.NeutronEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A {@link NeutronLab} is a working Neutron on the lab's OVN: a pod plugged into the logical port of a Neutron port
 * bound to the lab's chassis gets the port's fixed IP from OVN's DHCP (options written by Neutron), and Neutron sees
 * the port go ACTIVE.
 */
@ExtendWith(LabExtension.class)
@NeutronLab
class NeutronLabSelfTestIT {

    @Test
    void aPodOnANeutronPortGetsItsFixedIpAndThePortGoesActive(Lab lab, NeutronEndpoints neutron, NetnsPods pods) {
        LabHttp http = new LabHttp(neutron.caCert());
        JsonNode net = post(http, neutron, "network", Map.of("name", "selftest-neutron"));
        String netId = net.get("id").asString();
        try {
            post(http, neutron, "subnet", Map.of("network_id", netId, "ip_version", 4, "cidr", "10.91.0.0/24"));
            JsonNode port = post(
                    http,
                    neutron,
                    "port",
                    Map.of(
                            "network_id",
                            netId,
                            "binding:host_id",
                            neutron.chassisHostname(),
                            "fixed_ips",
                            List.of(Map.of("ip_address", "10.91.0.50"))));
            String portId = port.get("id").asString();
            assertThat(port.get("binding:vif_type").asString()).isEqualTo("ovs");

            NetnsPod pod = pods.create("neutron1");
            // the network's MTU (geneve: 1442) so that the lease's MTU option matches the interface
            pod.plug(
                    "eth1",
                    portId,
                    port.get("mac_address").asString(),
                    net.get("mtu").asInt());
            assertThat(pod.dhcp("eth1", false)).isEqualTo("10.91.0.50");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String status;
            do {
                status = http.expect(200, "GET", url(neutron, "/v2.0/ports/" + portId), null, null)
                        .json()
                        .get("port")
                        .get("status")
                        .asString();
            } while (!status.equals("ACTIVE") && System.nanoTime() < deadline);
            assertThat(status).isEqualTo("ACTIVE");
        } finally {
            // Neutron refuses to delete a network that still has user ports
            for (JsonNode p : http.expect(200, "GET", url(neutron, "/v2.0/ports?network_id=" + netId), null, null)
                    .json()
                    .get("ports")) {
                http.expect(
                        204, "DELETE", url(neutron, "/v2.0/ports/" + p.get("id").asString()), null, null);
            }
            http.expect(204, "DELETE", url(neutron, "/v2.0/networks/" + netId), null, null);
        }
        assertThat(lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch", "name=neutron-" + netId))
                .isBlank();
    }

    private static JsonNode post(LabHttp http, NeutronEndpoints n, String kind, Map<String, Object> fields) {
        return http.expect(201, "POST", url(n, "/v2.0/" + kind + "s"), null, Map.of(kind, fields))
                .json()
                .get(kind);
    }

    private static URI url(NeutronEndpoints n, String path) {
        return n.url().resolve(path);
    }
}
