package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaAdmissionTest {
    private static final ResourceQuota QUOTA = new ResourceQuotaBuilder()
            .withNewMetadata()
            .withName("compute")
            .endMetadata()
            .withNewSpec()
            .addToHard("limits.cpu", new Quantity("1"))
            .addToHard("limits.memory", new Quantity("1Gi"))
            .addToHard("requests.cpu", new Quantity("1"))
            .endSpec()
            .build();
    private static final LimitRange RATIO = new LimitRangeBuilder()
            .withNewMetadata()
            .withName("ratio")
            .endMetadata()
            .withNewSpec()
            .addNewLimit()
            .withType("Container")
            .addToMaxLimitRequestRatio("cpu", new Quantity("1"))
            .endLimit()
            .endSpec()
            .build();

    private static Pod pod(String sidecarCpuRequest, String sidecarCpuLimit) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withNewResources()
                .withLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("64Mi")))
                .endResources()
                .endContainer()
                .addNewInitContainer()
                .withName("kubetron-request-sidecart")
                .withRestartPolicy("Always")
                .withNewResources()
                .addToRequests("cpu", new Quantity(sidecarCpuRequest))
                .addToLimits("memory", new Quantity("32Mi"))
                .endResources()
                .endInitContainer()
                .endSpec();
        Pod p = b.build();
        if (sidecarCpuLimit != null) {
            p.getSpec()
                    .getInitContainers()
                    .getFirst()
                    .getResources()
                    .getLimits()
                    .put("cpu", new Quantity(sidecarCpuLimit));
        }
        return p;
    }

    @Test
    void aQuotaOnLimitsRefusesAContainerWithoutOneAsTheApiServerSaysIt() {
        assertThatThrownBy(() -> QuotaAdmission.validate(pod("5m", null), List.of(), List.of(QUOTA), List.of()))
                .hasMessage("pods \"p\" is forbidden: failed quota: compute: must specify limits.cpu for: "
                        + "kubetron-request-sidecart");
        assertThatCode(() -> QuotaAdmission.validate(pod("10m", "10m"), List.of(), List.of(QUOTA), List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void aRatioLimitRangeRefusesARequestBelowTheLimit() {
        assertThatThrownBy(() -> QuotaAdmission.validate(pod("5m", "10m"), List.of(RATIO), List.of(), List.of()))
                .hasMessageContaining("cpu max limit to request ratio per Container is 1, but provided ratio is 2");
        assertThatCode(() -> QuotaAdmission.validate(pod("10m", "10m"), List.of(RATIO), List.of(), List.of()))
                .doesNotThrowAnyException();
    }

    @Test
    void usageAboveHardIsExceeded() {
        Pod big = pod("10m", "10m");
        big.getSpec().getContainers().getFirst().getResources().getLimits().put("cpu", new Quantity("2"));
        assertThatThrownBy(() -> QuotaAdmission.validate(big, List.of(), List.of(QUOTA), List.of()))
                .hasMessageContaining("exceeded quota: compute, requested: limits.cpu=2.01");
    }
}
