package io.kubetron.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LabConfigTest {

    @Test
    void namesThatCouldMatchAnotherLabsNamespacesAreRefused() {
        assertThatThrownBy(() -> LabConfig.named("lab-2")).hasMessageContaining("1-8 lower-case letters or digits");
        assertThatThrownBy(() -> LabConfig.named("muchtoolong")).isInstanceOf(IllegalArgumentException.class);
        assertThat(LabConfig.named("lab2").namespacePrefix()).isEqualTo("lab2-");
    }

    @Test
    void systemDefaultPortsAreNeverUsed() {
        assertThatThrownBy(() -> LabConfig.defaults().withPorts(6641, 16642, 16643))
                .hasMessageContaining("port 6641 is not allowed");
    }

    @Test
    void endpointsPointTheOvsToolsAtTheLab() {
        LabConfig c = LabConfig.named("x1").withDir(Path.of("/tmp/x1")).withPorts(20001, 20002, 20003);
        var vars = LabEndpoints.of(c).variables(c);
        assertThat(vars)
                .containsEntry("OVN_NB_DB", "unix:/tmp/x1/run/ovnnb_db.sock")
                .containsEntry("OVS_RUNDIR", "/tmp/x1/run")
                .containsEntry("KUBETRON_LAB_NB_TCP", "tcp:127.0.0.1:20001")
                .containsEntry("KUBETRON_LAB_NB_SSL", "ssl:127.0.0.1:20003");
        assertThat(LabEndpoints.of(c.withSsl(false)).variables(c.withSsl(false)))
                .doesNotContainKey("KUBETRON_LAB_NB_SSL");
        assertThat(LabEndpoints.of(c).toShell(c)).contains("export OVN_SB_DB='unix:/tmp/x1/run/ovnsb_db.sock'\n");
    }

    @Test
    void neutronOptionsRefuseOpenStacksSystemPortsAndKeystoneImpliesNeutron() {
        assertThatThrownBy(() -> NeutronOptions.on(false).withPorts(9696, 45000))
                .hasMessageContaining("port 9696");
        assertThatThrownBy(() -> NeutronOptions.on(true).withPorts(49696, 5000)).hasMessageContaining("port 5000");
        assertThatThrownBy(() -> NeutronOptions.on(true).withPorts(49696, 35357))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NeutronOptions.on(true).withPorts(40000, 40000))
                .hasMessageContaining("different ports");
        assertThat(new NeutronOptions(false, true, 40001, 40002).enabled()).isTrue();
        assertThat(LabConfig.named("x2").tcpPorts()).containsExactly(46641, 46642, 46643);
        assertThat(LabConfig.named("x2").withNeutron(NeutronOptions.on(true)).tcpPorts())
                .containsExactly(46641, 46642, 46643, 49696, 45000);
    }

    @Test
    void neutronSettingsSurviveLabProperties(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        LabConfig c = LabConfig.named("x3").withDir(dir).withNeutron(new NeutronOptions(true, true, 40010, 40011));
        c.save();
        assertThat(LabConfig.load(dir)).contains(c);
        // a lab saved before Neutron existed
        java.nio.file.Files.writeString(
                dir.resolve("lab.properties"), "name=x3\nnbPort=46641\nsbPort=46642\nnbSslPort=46643\nssl=true\n");
        assertThat(LabConfig.load(dir).orElseThrow().neutron()).isEqualTo(NeutronOptions.OFF);
    }

    @Test
    void envHasTheNeutronAndKeystoneVariablesOnlyWhenTheyRun() {
        LabConfig plain = LabConfig.named("x4").withDir(Path.of("/tmp/x4"));
        assertThat(LabEndpoints.of(plain).variables(plain))
                .containsEntry("KUBETRON_LAB_CHASSIS_HOSTNAME", "x4-chassis")
                .doesNotContainKeys("KUBETRON_NEUTRON_URL", "OS_AUTH_URL");
        LabConfig noauth = plain.withNeutron(NeutronOptions.on(false));
        assertThat(LabEndpoints.of(noauth).variables(noauth))
                .containsEntry("KUBETRON_NEUTRON_URL", "https://127.0.0.1:49696")
                .containsEntry("KUBETRON_NEUTRON_AUTH", "noauth")
                .containsEntry("KUBETRON_NEUTRON_CA_CERT", "/tmp/x4/pki/labca-cacert.pem")
                .doesNotContainKey("OS_AUTH_URL");
        LabConfig ks = plain.withNeutron(NeutronOptions.on(true));
        assertThat(LabEndpoints.of(ks).variables(ks))
                .containsEntry("KUBETRON_NEUTRON_AUTH", "keystone")
                .containsEntry("OS_AUTH_URL", "https://127.0.0.1:45000/v3")
                .containsEntry("OS_USERNAME", "kubetron")
                .containsEntry("OS_PROJECT_DOMAIN_NAME", "Default")
                .containsEntry("OS_CACERT", "/tmp/x4/pki/labca-cacert.pem")
                .containsKeys("OS_PASSWORD", "OS_PROJECT_NAME", "OS_USER_DOMAIN_NAME", "OS_REGION_NAME");
    }
}
