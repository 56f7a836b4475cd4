package io.kubetron.emulation.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodPhasesTest {
    private static PodSpec job(boolean regularSidecar) {
        PodSpecBuilder b = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .addNewInitContainer()
                .withName("native")
                .withRestartPolicy("Always")
                .endInitContainer()
                .addNewContainer()
                .withName("work")
                .endContainer();
        if (regularSidecar) {
            b.addNewContainer().withName("hold").endContainer();
        }
        return b.build();
    }

    @Test
    void aJobWithANativeSidecarSucceedsWhenItsWorkExits() {
        assertThat(PodPhases.of(job(false), Map.of())).isEqualTo("Running");
        assertThat(PodPhases.of(job(false), Map.of("work", 0))).isEqualTo("Succeeded");
        assertThat(PodPhases.of(job(false), Map.of("work", 3))).isEqualTo("Failed");
    }

    @Test
    void aRegularContainerThatNeverExitsKeepsTheJobRunning() {
        assertThat(PodPhases.of(job(true), Map.of("work", 0))).isEqualTo("Running");
    }

    @Test
    void restartPolicyAlwaysIsNeverTerminal() {
        PodSpec s = new PodSpecBuilder()
                .addNewContainer()
                .withName("a")
                .endContainer()
                .build();
        assertThat(PodPhases.of(s, Map.of("a", 0))).isEqualTo("Running");
    }
}
