package io.kubetron.neutron;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Reads what a real neutron-server (Zed, ML2/OVN) answered; the fixtures were recorded from it. */
class ResourcesTest {

    static JsonNode sample(String name) throws IOException {
        try (InputStream in = ResourcesTest.class.getResourceAsStream("/samples/" + name)) {
            return JsonHttp.JSON.readTree(in);
        }
    }

    @Test
    void readsABoundPort() throws IOException {
        NeutronPort p = Resources.port(sample("create-port.json").get("port"));
        assertThat(p.id()).isEqualTo("3dfb664b-3977-49b1-ab03-c0a265e6e09e");
        assertThat(p.macAddress()).isEqualTo("fa:16:3e:2b:d4:1b");
        assertThat(p.fixedIps())
                .containsExactly(new NeutronPort.FixedIp("fbc5feb5-0341-4a26-938e-a441eb878d66", "10.10.0.10"));
        assertThat(p.bindingHostId()).isEqualTo("host1");
        assertThat(p.bindingVifType()).isEqualTo("ovs");
        assertThat(p.deviceOwner()).isEqualTo("compute:nova");
    }

    @Test
    void readsAnOverlayNetworkWithItsNullPhysnet() throws IOException {
        NeutronNetwork n = Resources.network(sample("show-network.json").get("network"));
        assertThat(n.name()).isEqualTo("red");
        assertThat(n.mtu()).isEqualTo(1442);
        assertThat(n.networkType()).isEqualTo("geneve");
        assertThat(n.physicalNetwork()).isNull();
        assertThat(n.subnetIds()).hasSize(1);
    }

    @Test
    void errorsCarryTheServersTypeAndMessage() throws IOException {
        NeutronException notFound = JsonHttp.error("show port x", 404, sample("port-404.json"), "");
        assertThat(notFound.notFound()).isTrue();
        assertThat(notFound.type()).isEqualTo("PortNotFound");
        assertThat(notFound.getMessage())
                .isEqualTo(
                        "show port x: 404 PortNotFound: Port 00000000-0000-0000-0000-000000000000 could not be found.");

        NeutronException conflict = JsonHttp.error("create port", 409, sample("port-409.json"), "");
        assertThat(conflict.conflict()).isTrue();
        assertThat(conflict.getMessage()).contains("IpAddressAlreadyAllocated").contains("already allocated");

        NeutronException keystone = JsonHttp.error("list ports", 401, sample("keystone-401.json"), "");
        assertThat(keystone.unauthorized()).isTrue();
        assertThat(keystone.getMessage())
                .isEqualTo("list ports: 401 Unauthorized: The request you have made requires authentication.");

        NeutronException html = JsonHttp.error("list ports", 502, null, "<html>Bad Gateway</html>");
        assertThat(html.unavailable()).isTrue();
        assertThat(html.getMessage()).isEqualTo("list ports: 502 <html>Bad Gateway</html>");
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        var auth = new NeutronAuth.None(java.net.URI.create("http://127.0.0.1:9696"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new NeutronClient(auth, (java.nio.file.Path) null, java.time.Duration.ofSeconds(5), false))
                .hasMessageContaining("is not HTTPS");
    }

    @Test
    void secretsNeverReachToStringAndTokenRequestsHaveKeystonesShape() {
        var auth = new NeutronAuth.Keystone(
                java.net.URI.create("https://k/v3"),
                new NeutronAuth.Password("kubetron", null, "Default", null, "s3cret"),
                new NeutronAuth.Scope("p", null, "Default", null),
                null,
                null,
                null);
        assertThat(auth.toString()).doesNotContain("s3cret").contains("kubetron");
        assertThat(KeystoneSession.requestBody(auth).toString())
                .isEqualTo("{\"auth\":{\"identity\":{\"methods\":[\"password\"],"
                        + "\"password\":{\"user\":{\"name\":\"kubetron\",\"domain\":{\"name\":\"Default\"},\"password\":\"s3cret\"}}},"
                        + "\"scope\":{\"project\":{\"name\":\"p\",\"domain\":{\"name\":\"Default\"}}}}}");
        var app = new NeutronAuth.Keystone(
                java.net.URI.create("https://k/v3"),
                new NeutronAuth.ApplicationCredential("ac1", null, null, null, null, "x"),
                null,
                null,
                null,
                null);
        assertThat(KeystoneSession.requestBody(app).toString())
                .isEqualTo(
                        "{\"auth\":{\"identity\":{\"methods\":"
                                + "[\"application_credential\"],\"application_credential\":{\"id\":\"ac1\",\"secret\":\"x\"}}}}");
        assertThat(new NeutronAuth.Token("gAAAA").toString()).doesNotContain("gAAAA");
    }
}
