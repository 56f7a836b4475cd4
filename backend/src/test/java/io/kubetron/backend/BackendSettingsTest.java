package io.kubetron.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.backend.config.BackendSettings;
import io.kubetron.neutron.NeutronAuth;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendSettingsTest {

    @Test
    void keystoneSettingsAreReadAndThePasswordNeverPrinted() {
        BackendSettings s = BackendSettings.fromMap(
                Map.of(
                        "OS_AUTH_URL",
                        "https://k:5000/v3",
                        "OS_USERNAME",
                        "kt",
                        "OS_PASSWORD",
                        "hunter2",
                        "OS_PROJECT_NAME",
                        "kubetron",
                        "OS_CACERT",
                        "/etc/ca.pem"),
                null);
        assertThat(s.kind()).isEqualTo("neutron");
        NeutronAuth.Keystone k = (NeutronAuth.Keystone) s.neutron().auth();
        assertThat(((NeutronAuth.Password) k.credential()).userDomainName()).isEqualTo("Default");
        assertThat(k.scope()).isEqualTo(new NeutronAuth.Scope("kubetron", null, "Default", null));
        assertThat(k.interfaceName()).isEqualTo("public");
        assertThat(s.neutron().insecure()).isFalse();
        assertThat(s.neutron().caBundle()).hasToString("/etc/ca.pem");
        assertThat(s.toString()).doesNotContain("hunter2");
    }

    @Test
    void everyMissingKeyIsNamedAtOnce() {
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of("KUBETRON_NEUTRON_AUTH", "keystone"), "neutron"))
                .hasMessageContaining("needs os-auth-url (OS_AUTH_URL)");
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of("OS_AUTH_URL", "https://k/v3"), "neutron"))
                .hasMessageContaining("(password) needs os-username (OS_USERNAME) (or os-user-id (OS_USER_ID)), "
                        + "os-password (OS_PASSWORD), os-project-name (OS_PROJECT_NAME) (or os-project-id "
                        + "(OS_PROJECT_ID))");
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of("KUBETRON_OVN_NB", "ssl:1.2.3.4:6641"), "ovn"))
                .hasMessageContaining("KUBETRON_OVN_NB (environment): an ssl: endpoint needs ovn-private-key "
                        + "(KUBETRON_OVN_PRIVATE_KEY)");
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of(), "nova"))
                .hasMessageContaining("--backend (command line): 'nova' is not ovn or neutron");
        assertThatThrownBy(() -> BackendSettings.fromMap(Map.of(), null))
                .hasMessage("backend settings: ovn-nb (KUBETRON_OVN_NB) is not set (for example ssl:10.0.0.1:6641 or "
                        + "unix:/run/ovn/ovnnb_db.sock)");
    }

    @Test
    void theTimeoutIsADurationAndItsFormerNameIsRefused() {
        Map<String, String> noauth = Map.of("KUBETRON_NEUTRON_URL", "https://n:9696");
        assertThat(BackendSettings.fromMap(noauth, null).neutron().timeout()).isEqualTo(Duration.ofSeconds(30));
        Map<String, String> m = new HashMap<>(noauth);
        m.put("KUBETRON_NEUTRON_TIMEOUT", "1m30s");
        assertThat(BackendSettings.fromMap(m, null).neutron().timeout()).isEqualTo(Duration.ofSeconds(90));
        m.put("KUBETRON_NEUTRON_TIMEOUT_SECONDS", "30");
        assertThatThrownBy(() -> BackendSettings.fromMap(m, null))
                .hasMessageContaining("KUBETRON_NEUTRON_TIMEOUT_SECONDS (environment) is no longer read: it is "
                        + "KUBETRON_NEUTRON_TIMEOUT now, a duration such as 30s");
    }

    @Test
    void theKubetronCaBundleAndInsecureWinOverTheOpenStackOnes() {
        Map<String, String> m = Map.of(
                "KUBETRON_NEUTRON_URL",
                "https://n:9696",
                "OS_CACERT",
                "/os.pem",
                "KUBETRON_NEUTRON_CA_CERT",
                "/kt.pem",
                "OS_INSECURE",
                "true",
                "KUBETRON_NEUTRON_INSECURE",
                "false");
        BackendSettings s = BackendSettings.fromMap(m, null);
        assertThat(s.neutron().caBundle()).hasToString("/kt.pem");
        assertThat(s.neutron().insecure()).isFalse();
    }

    @Test
    void ovnTakesTheStandardVariableToo() {
        BackendSettings s = BackendSettings.fromMap(Map.of("OVN_NB_DB", "unix:/run/ovn/nb.sock"), null);
        assertThat(s.kind()).isEqualTo("ovn");
        assertThat(s.ovn().endpoints()).isEqualTo("unix:/run/ovn/nb.sock");
    }

    @Test
    void theOriginalsDomainVariableScopesUserAndProject() {
        BackendSettings s = BackendSettings.fromMap(
                Map.of(
                        "OS_AUTH_URL",
                        "https://k/v3",
                        "OS_USERNAME",
                        "admin",
                        "OS_PASSWORD",
                        "pass",
                        "OS_PROJECT_NAME",
                        "admin",
                        "OS_DOMAIN_NAME",
                        "kubetron"),
                null);
        NeutronAuth.Keystone k = (NeutronAuth.Keystone) s.neutron().auth();
        assertThat(((NeutronAuth.Password) k.credential()).userDomainName()).isEqualTo("kubetron");
        assertThat(k.scope().domainName()).isEqualTo("kubetron");
    }

    @Test
    void applicationCredentialsAndTokensNeedNoPassword() {
        BackendSettings app = BackendSettings.fromMap(
                Map.of(
                        "OS_AUTH_URL",
                        "https://k/v3",
                        "OS_APPLICATION_CREDENTIAL_ID",
                        "ac1",
                        "OS_APPLICATION_CREDENTIAL_SECRET",
                        "s3cret"),
                null);
        NeutronAuth.Keystone k = (NeutronAuth.Keystone) app.neutron().auth();
        assertThat(k.credential()).isInstanceOf(NeutronAuth.ApplicationCredential.class);
        assertThat(k.scope())
                .as("an application credential carries its own scope")
                .isNull();
        assertThat(app.toString()).doesNotContain("s3cret");

        BackendSettings token = BackendSettings.fromMap(
                Map.of(
                        "OS_AUTH_URL",
                        "https://k/v3",
                        "OS_TOKEN",
                        "gAAAA",
                        "OS_PROJECT_ID",
                        "p1",
                        "OS_INSECURE",
                        "true"),
                null);
        assertThat(((NeutronAuth.Keystone) token.neutron().auth()).credential()).isInstanceOf(NeutronAuth.Token.class);
        assertThat(token.toString()).doesNotContain("gAAAA");
        assertThat(token.neutron().insecure()).isTrue();
    }

    @Test
    void aCloudsYamlEntryIsReadAndExplicitVariablesWin(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("clouds.yaml");
        java.nio.file.Files.writeString(file, """
                clouds:
                  lab:
                    auth:
                      auth_url: https://keystone:5000/v3
                      username: kubetron
                      password: from-yaml
                      project_name: kubetron
                      user_domain_name: Default
                      project_domain_name: Default
                    region_name: RegionOne
                    interface: internal
                    cacert: /etc/ca.pem
                """);
        BackendSettings s = BackendSettings.fromMap(
                Map.of("OS_CLOUD", "lab", "OS_CLIENT_CONFIG_FILE", file.toString(), "OS_PASSWORD", "from-env"), null);
        NeutronAuth.Keystone k = (NeutronAuth.Keystone) s.neutron().auth();
        assertThat(k.authUrl()).hasToString("https://keystone:5000/v3");
        assertThat(((NeutronAuth.Password) k.credential()).password()).isEqualTo("from-env");
        assertThat(k.region()).isEqualTo("RegionOne");
        assertThat(k.interfaceName()).isEqualTo("internal");
        assertThat(s.neutron().caBundle()).hasToString("/etc/ca.pem");
        assertThatThrownBy(() -> BackendSettings.fromMap(
                        Map.of("OS_CLOUD", "nope", "OS_CLIENT_CONFIG_FILE", file.toString()), "neutron"))
                .hasMessageContaining("OS_CLOUD (environment): no cloud 'nope' in [" + file);
    }
}
