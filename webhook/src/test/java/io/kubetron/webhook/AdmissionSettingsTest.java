package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.common.settings.Settings;
import io.kubetron.common.settings.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionSettingsTest {
    private static AdmissionSettings fromEnv(Map<String, String> env) {
        return AdmissionSettings.from(
                Settings.resolve("admission", AdmissionSettings.SETTINGS, List.of(Source.environment(env))));
    }

    @Test
    void theDefinitionsDefaultsAreTheDefaults() {
        assertThat(fromEnv(Map.of())).isEqualTo(AdmissionSettings.defaults());
    }

    @Test
    void everySettingIsRead() {
        AdmissionSettings s = fromEnv(Map.of(
                "KUBETRON_MAX_NETWORKS", "3",
                "KUBETRON_INJECTION", "SIDECAR",
                "KUBETRON_IGNORE_NAMESPACE", "a, b",
                "KUBETRON_SIDECAR_NAME", "hold",
                "KUBETRON_SIDECAR_IMAGE", "registry/hold:1",
                "KUBETRON_RESOURCE_NAMESPACE", "example.org",
                "KUBETRON_SIDECAR_CPU", "20m",
                "KUBETRON_SIDECAR_MEMORY", "64Mi",
                "KUBETRON_SIGNING_KEYS", "/etc/keys"));
        assertThat(s)
                .isEqualTo(new AdmissionSettings(
                        3,
                        "hold",
                        "registry/hold:1",
                        "example.org",
                        java.util.Set.of("a", "b"),
                        InjectionMode.SIDECAR,
                        new SidecarResources("20m", "64Mi"),
                        java.nio.file.Path.of("/etc/keys")));
    }

    @Test
    void aWrongQuantityNamesTheSettingAndItsSource() {
        assertThatThrownBy(() -> fromEnv(Map.of("KUBETRON_SIDECAR_CPU", "lots")))
                .hasMessageContaining(
                        "KUBETRON_SIDECAR_CPU (environment): the sidecar's CPU 'lots' is not a Kubernetes "
                                + "quantity");
    }

    @Test
    void aWrongInjectionModeNamesTheModes() {
        assertThatThrownBy(() -> fromEnv(Map.of("KUBETRON_INJECTION", "initcontainer")))
                .hasMessageContaining(
                        "KUBETRON_INJECTION (environment): unknown injection mode 'initcontainer': use sidecar or init");
    }
}
