package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.lab.neutron.LabHttp;
import io.kubetron.lab.neutron.NeutronEndpoints;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A lab with a real Neutron in {@code noauth} mode, over HTTPS: ports bind to the lab's real chassis and appear in its
 * Northbound database; only clients that trust the lab's CA get through.
 */
class NeutronLabIT {
    private static Lab lab;
    private static NeutronEndpoints neutron;
    private static NeutronApi api;

    @BeforeAll
    static void up() {
        lab = new Lab(
                LabConfig.named("itneu")
                        .withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next())
                        .withNeutron(new NeutronOptions(true, false, FreePorts.next(), FreePorts.next())),
                line -> System.out.println("[lab itneu] " + line));
        lab.up();
        neutron = lab.neutron().orElseThrow();
        api = new NeutronApi(new LabHttp(neutron.caCert()), neutron.url(), null);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.down();
            LabIT.assertNothingLeft(lab.config());
        }
    }

    @Test
    void aPortWithTheChassisAsHostBindsForRealAndIsInTheNorthbound() {
        String[] net = api.networkWithSubnet("it-red", Map.of(), "10.81.0.0/24");
        JsonNode port = api.create(
                "port",
                Map.of(
                        "network_id",
                        net[0],
                        "name",
                        "it-red-p1",
                        "device_owner",
                        "compute:kubetron",
                        "device_id",
                        "pod-uid-1",
                        "binding:host_id",
                        neutron.chassisHostname()));
        String id = port.get("id").asString();
        assertThat(port.get("binding:vif_type").asString())
                .as("bound by ML2/OVN to a chassis that exists")
                .isEqualTo("ovs");
        assertThat(port.get("fixed_ips").get(0).get("ip_address").asString()).startsWith("10.81.0.");
        assertThat(lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch_Port", "name=" + id))
                .contains(id);
        assertThat(lab.nbctl("--bare", "--columns=options", "find", "Logical_Switch_Port", "name=" + id))
                .contains("requested-chassis=" + neutron.chassisHostname());

        api.delete("port", id);
        api.delete("subnet", net[1]);
        api.delete("network", net[0]);
        assertThat(lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch_Port", "name=" + id))
                .isBlank();
        assertThat(lab.nbctl("--bare", "--columns=name", "find", "Logical_Switch", "name=neutron-" + net[0]))
                .isBlank();
    }

    @Test
    void aVlanProviderNetworkOnThePhysnetBindsToo() {
        String[] net = api.networkWithSubnet(
                "it-vlan100",
                Map.of(
                        "provider:network_type",
                        "vlan",
                        "provider:physical_network",
                        "phys-net10",
                        "provider:segmentation_id",
                        100),
                "10.82.0.0/24");
        try {
            JsonNode port =
                    api.create("port", Map.of("network_id", net[0], "binding:host_id", neutron.chassisHostname()));
            assertThat(port.get("binding:vif_type").asString()).isEqualTo("ovs");
            assertThat(api.show("network", net[0])
                            .get("provider:segmentation_id")
                            .asInt())
                    .isEqualTo(100);
            api.delete("port", port.get("id").asString());
        } finally {
            api.delete("network", net[0]);
        }
    }

    @Test
    void clientsThatDoNotTrustTheLabCaAreRefused(@TempDir Path other) throws Exception {
        HttpRequest versions = HttpRequest.newBuilder(neutron.url())
                .timeout(Duration.ofSeconds(10))
                .build();
        HttpClient systemTrust = HttpClient.newBuilder().build();
        assertThatThrownBy(() -> systemTrust.send(versions, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
        HttpClient otherCa = HttpClient.newBuilder()
                .sslContext(io.kubetron.common.tls.TlsContexts.trusting(
                        Pki.createCa(other, "otherca").caCertFile()))
                .build();
        assertThatThrownBy(() -> otherCa.send(versions, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);

        // the server survives refused handshakes; a client trusting only the lab's CA gets the version list
        HttpClient labCa = HttpClient.newBuilder()
                .sslContext(io.kubetron.common.tls.TlsContexts.trusting(neutron.caCert()))
                .build();
        HttpResponse<String> ok = labCa.send(versions, HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("v2.0");
    }

    @Test
    void statusListsNeutronAndItsWorkersAndEnvNamesTheEndpoints() {
        LabStatus status = lab.status();
        assertThat(status.up()).isTrue();
        assertThat(status.daemons())
                .filteredOn(d -> d.name().equals("neutron-worker"))
                .hasSize(4);
        assertThat(status.render()).contains("neutron-server");
        assertThat(lab.endpoints().variables(lab.config()))
                .containsEntry(
                        "KUBETRON_NEUTRON_URL",
                        "https://127.0.0.1:" + lab.config().neutron().port())
                .containsEntry("KUBETRON_NEUTRON_AUTH", "noauth")
                .containsEntry("KUBETRON_NEUTRON_CA_CERT", neutron.caCert().toString())
                .containsEntry("KUBETRON_LAB_CHASSIS_HOSTNAME", lab.config().chassis())
                .doesNotContainKey("OS_AUTH_URL");
        assertThat(lab.up()).as("up on a running lab with Neutron").isZero();
    }
}
