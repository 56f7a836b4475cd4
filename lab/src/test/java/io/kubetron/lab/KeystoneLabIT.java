package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.neutron.KeystoneCredentials;
import io.kubetron.lab.neutron.KeystoneProvisioning;
import io.kubetron.lab.neutron.LabHttp;
import io.kubetron.lab.neutron.NeutronEndpoints;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * A lab with a real Keystone in front of a real Neutron, both over HTTPS: a token from Keystone works against
 * Neutron, a wrong password or no token does not; {@code down} leaves nothing behind. On free ports, so the Keystone
 * that comes from the cache must have had its catalog re-pointed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeystoneLabIT {
    private static Lab lab;
    private static NeutronEndpoints neutron;
    private static KeystoneCredentials user;
    private static LabHttp http;

    @BeforeAll
    static void up() {
        lab = new Lab(
                LabConfig.named("itks")
                        .withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next())
                        .withNeutron(new NeutronOptions(true, true, FreePorts.next(), FreePorts.next())),
                line -> System.out.println("[lab itks] " + line));
        lab.up();
        neutron = lab.neutron().orElseThrow();
        user = neutron.keystone().orElseThrow();
        http = new LabHttp(neutron.caCert());
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.down();
        }
    }

    @Test
    @Order(1)
    void aKeystoneTokenWorksAgainstNeutronForProviderNetworksAndBoundPorts() {
        String token = keystone().token(user.username(), user.password(), user.projectName());
        NeutronApi api = new NeutronApi(http, neutron.url(), token);
        String[] net = api.networkWithSubnet(
                "it-ks-vlan",
                Map.of(
                        "provider:network_type",
                        "vlan",
                        "provider:physical_network",
                        "phys-net10",
                        "provider:segmentation_id",
                        101),
                "10.83.0.0/24");
        JsonNode port = api.create("port", Map.of("network_id", net[0], "binding:host_id", neutron.chassisHostname()));
        assertThat(port.get("binding:vif_type").asString()).isEqualTo("ovs");
        assertThat(port.get("project_id").asString())
                .as("the port belongs to the user's project")
                .isNotEqualTo("fake_project_id");
        api.delete("port", port.get("id").asString());
        api.delete("network", net[0]);
    }

    @Test
    @Order(2)
    void aWrongPasswordOrNoTokenOrAForgedTokenIsUnauthorized() throws Exception {
        assertThat(http.send(
                                "POST",
                                URI.create(user.authUrl() + "/auth/tokens"),
                                null,
                                KeystoneProvisioning.tokenRequest(user.username(), "wrong", user.projectName()))
                        .status())
                .isEqualTo(401);
        URI networks = neutron.url().resolve("/v2.0/networks");
        LabHttp.Response noToken = http.send("GET", networks, null, null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> v.contains(user.authUrl()));
        assertThat(http.send("GET", networks, "gAAAAABforged", null).status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void theCatalogPointsAtThisLabsHttpsEndpointsAndEnvHasTheOsVariables() {
        String token = keystone().token(user.username(), user.password(), user.projectName());
        List<String> network = new ArrayList<>();
        List<String> identity = new ArrayList<>();
        for (JsonNode s : http.expect(200, "GET", URI.create(user.authUrl() + "/auth/catalog"), token, null)
                .json()
                .get("catalog")) {
            List<String> urls = s.get("type").asString().equals("network")
                    ? network
                    : s.get("type").asString().equals("identity") ? identity : new ArrayList<>();
            s.get("endpoints").forEach(e -> urls.add(e.get("url").asString()));
        }
        assertThat(network).hasSize(3).containsOnly(neutron.url().toString());
        assertThat(identity).hasSize(3).containsOnly(user.authUrl());
        assertThat(lab.endpoints().variables(lab.config()))
                .containsEntry("KUBETRON_NEUTRON_AUTH", "keystone")
                .containsEntry(
                        "OS_AUTH_URL",
                        "https://127.0.0.1:" + lab.config().neutron().keystonePort() + "/v3")
                .containsEntry("OS_USERNAME", "kubetron")
                .containsEntry("OS_PROJECT_NAME", "kubetron")
                .containsEntry("OS_USER_DOMAIN_NAME", "Default")
                .containsEntry("OS_REGION_NAME", "RegionOne")
                .containsEntry("OS_CACERT", neutron.caCert().toString());
    }

    @Test
    @Order(4)
    void downLeavesNoProcessNamespaceListenerOrDirectory() {
        assertThat(lab.status().daemons())
                .extracting(LabStatus.Daemon::name)
                .contains("keystone", "keystone-worker", "neutron-server", "neutron-worker");
        lab.down();
        LabIT.assertNothingLeft(lab.config());
        assertThat(lab.status().down()).isTrue();
    }

    private static KeystoneProvisioning keystone() {
        return new KeystoneProvisioning(http, user.authUrl());
    }
}
