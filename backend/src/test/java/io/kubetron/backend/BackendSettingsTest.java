package io.kubetron.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.backend.config.BackendSettings;
import io.kubetron.neutron.NeutronAuth;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    @Test
    void keystoneSettingsAreReadAndThePasswordNeverPrinted() {
        BackendSettings s = BackendSettings.fromMap(Map.of("OS_AUTH_URL", "https://k:5000/v3", "OS_USERNAME", "kt",
                "OS_PASSWORD", "hunter2", "OS_PROJECT_NAME", "kubetron", "OS_CACERT", "/etc/ca.pem"), null);
        assertThat(s.kind()).isEqualTo("neutron");
        assertThat(s.neutron().auth()).isInstanceOf(NeutronAuth.KeystonePassword.class);
        assertThat(((NeutronAuth.KeystonePassword) s.neutron().auth()).userDomainName()).isEqualTo("Default");
        assertThat(s.neutron().caBundle()).hasToString("/etc/ca.pem");
        assertThat(s.toString()).doesNotContain("hunter2");
    }

    @Test
    void everyMissingKeyIsNamedAtOnce() {
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of("KUBETRON_NEUTRON_AUTH", "keystone"), "neutron"))
                .hasMessageContaining("OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME");
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of("KUBETRON_OVN_NB", "ssl:1.2.3.4:6641"), "ovn"))
                .hasMessageContaining("needs KUBETRON_OVN_PRIVATE_KEY");
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of(), "nova")).hasMessageContaining("use ovn or neutron");
    }

    @Test
    void ovnTakesTheStandardVariableToo() {
        BackendSettings s = BackendSettings.fromMap(Map.of("OVN_NB_DB", "unix:/run/ovn/nb.sock"), null);
        assertThat(s.kind()).isEqualTo("ovn");
        assertThat(s.ovn().endpoints()).isEqualTo("unix:/run/ovn/nb.sock");
    }
}
