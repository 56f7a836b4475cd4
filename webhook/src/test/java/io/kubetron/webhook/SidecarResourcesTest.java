package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SidecarResourcesTest {
    @Test
    void takesKubernetesQuantities() {
        assertThat(new SidecarResources(" 0.1 ", "64M")).isEqualTo(new SidecarResources("0.1", "64M"));
        assertThat(AdmissionSettings.defaults().resources()).isEqualTo(new SidecarResources("10m", "32Mi"));
    }

    @Test
    void refusesWhatIsNoQuantityOrNothing() {
        assertThatThrownBy(() -> new SidecarResources("ten", "32Mi"))
                .hasMessageContaining("the sidecar's CPU 'ten' is not a Kubernetes quantity");
        assertThatThrownBy(() -> new SidecarResources("10m", "0Mi"))
                .hasMessageContaining("the sidecar's memory must be more than 0");
    }
}
