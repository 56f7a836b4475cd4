package io.kubetron.webhook.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SidecarBuilderTest {
    @Test
    void requestsTheResourcesUnprivileged() {
        AdmissionSettings s = new AdmissionSettings(
                4,
                "holder",
                "example/holder:1",
                "net.example.com",
                Set.of(),
                InjectionMode.SIDECAR,
                AdmissionSettings.DEFAULT_RESOURCES,
                java.nio.file.Path.of("/keys"));
        Container c = new SidecarBuilder(s)
                .build(new ResourceCounts(Map.of("main", 1, "overlay", 2)), List.of("red-abcdefghij"));
        assertThat(c.getName()).isEqualTo("holder");
        assertThat(c.getImage()).isEqualTo("example/holder:1");
        assertThat(c.getArgs()).containsExactly("red-abcdefghij");
        assertThat(c.getResources().getLimits())
                .containsEntry("net.example.com/main", new Quantity("1"))
                .containsEntry("net.example.com/overlay", new Quantity("2"));
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        var sc = c.getSecurityContext();
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(65534L);
        assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getRestartPolicy())
                .as("an ordinary container follows the Pod's restart policy")
                .isNull();
    }

    @Test
    void inInitModeItIsANativeSidecarAndOtherwiseTheSameContainer() {
        ResourceCounts counts = new ResourceCounts(Map.of("main", 1, "phys-net10", 2));
        List<String> args = List.of("red-abcdefghij");
        Container sidecar = new SidecarBuilder(AdmissionSettings.defaults()).build(counts, args);
        Container init =
                new SidecarBuilder(AdmissionSettings.defaults().withInjection(InjectionMode.INIT)).build(counts, args);
        assertThat(init.getRestartPolicy()).isEqualTo("Always");
        assertThat(init)
                .usingRecursiveComparison()
                .ignoringFields("restartPolicy")
                .isEqualTo(sidecar);
    }

    @Test
    void defaultsAreTheOriginalNames() {
        Container c = new SidecarBuilder(AdmissionSettings.defaults())
                .build(new ResourceCounts(Map.of("main", 1)), List.of());
        assertThat(c.getName()).isEqualTo("kubetron-request-sidecart");
        assertThat(c.getImage()).isEqualTo("ghcr.io/kubetron/hold:0.1.0");
        assertThat(c.getResources().getLimits()).containsKey("kubetron.network.kubevirt.io/main");
    }
}
