package io.kubetron.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleSettingsTest {
    @Test
    void defaultsAndDurations() {
        LifecycleSettings d = LifecycleSettings.fromMap(Map.of());
        assertThat(d.grace()).isEqualTo(Duration.ofMinutes(3));
        assertThat(d.sweepInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.leaseNamespace()).isEqualTo("kubetron");
        assertThat(d.leaseName()).isEqualTo("kubetron-lifecycle");
        assertThat(d.identity()).startsWith("kubetron-");
        LifecycleSettings s = LifecycleSettings.fromMap(Map.of(
                "KUBETRON_LIFECYCLE_GRACE", "90s",
                "KUBETRON_LIFECYCLE_SWEEP_INTERVAL", "1m",
                "KUBETRON_LIFECYCLE_LEASE_NAMESPACE", "ops",
                "HOSTNAME", "kubetron-webhook-abc"));
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.sweepInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.leaseNamespace()).isEqualTo("ops");
        assertThat(s.identity()).isEqualTo("kubetron-webhook-abc");
        assertThat(LifecycleSettings.fromMap(Map.of("HOSTNAME", "h", "KUBETRON_LIFECYCLE_IDENTITY", "pod-1"))
                        .identity())
                .isEqualTo("pod-1");
    }

    @Test
    void theFormerSecondsVariablesAreRefusedWithTheirNewNames() {
        assertThatThrownBy(() -> LifecycleSettings.fromMap(Map.of("KUBETRON_LIFECYCLE_GRACE_SECONDS", "180")))
                .hasMessageContaining("KUBETRON_LIFECYCLE_GRACE_SECONDS (environment) is no longer read: it is "
                        + "KUBETRON_LIFECYCLE_GRACE now, a duration such as 3m");
        assertThatThrownBy(() -> LifecycleSettings.fromMap(Map.of("KUBETRON_LIFECYCLE_SWEEP_INTERVAL", "0s")))
                .hasMessageContaining("KUBETRON_LIFECYCLE_SWEEP_INTERVAL (environment): 0s is below 1s");
    }
}
