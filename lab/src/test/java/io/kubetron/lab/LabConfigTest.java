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
        assertThat(vars).containsEntry("OVN_NB_DB", "unix:/tmp/x1/run/ovnnb_db.sock")
                .containsEntry("OVS_RUNDIR", "/tmp/x1/run")
                .containsEntry("KUBETRON_LAB_NB_TCP", "tcp:127.0.0.1:20001")
                .containsEntry("KUBETRON_LAB_NB_SSL", "ssl:127.0.0.1:20003");
        assertThat(LabEndpoints.of(c.withSsl(false)).variables(c.withSsl(false))).doesNotContainKey("KUBETRON_LAB_NB_SSL");
        assertThat(LabEndpoints.of(c).toShell(c)).contains("export OVN_SB_DB='unix:/tmp/x1/run/ovnsb_db.sock'\n");
    }
}
