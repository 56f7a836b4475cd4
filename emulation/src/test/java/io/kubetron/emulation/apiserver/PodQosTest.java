package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class PodQosTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode pod(String containers) {
        return JSON.readTree("{\"spec\":{\"containers\":[" + containers + "]}}");
    }

    @Test
    void classesAsTheApiServerComputesThem() {
        assertThat(PodQos.of(pod("{\"name\":\"a\"}"))).isEqualTo("BestEffort");
        assertThat(PodQos.of(pod("{\"name\":\"a\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}")))
                .isEqualTo("Burstable");
        // limits alone: the requests default to them; 1 and 1000m are the same quantity
        assertThat(PodQos.of(pod("{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"64Mi\"},"
                        + "\"requests\":{\"cpu\":\"1000m\"}}}")))
                .isEqualTo("Guaranteed");
        // every container must be guaranteed
        assertThat(PodQos.of(pod("{\"name\":\"a\",\"resources\":{\"limits\":{\"cpu\":\"1\",\"memory\":\"64Mi\"}}},"
                        + "{\"name\":\"b\"}")))
                .isEqualTo("Burstable");
        // pod-level resources decide alone
        assertThat(PodQos.of(JSON.readTree("{\"spec\":{\"resources\":{\"limits\":{\"cpu\":\"2\",\"memory\":\"1Gi\"}},"
                        + "\"containers\":[{\"name\":\"a\"}]}}")))
                .isEqualTo("Guaranteed");
        // other resources do not count
        assertThat(PodQos.of(pod(
                        "{\"name\":\"a\",\"resources\":{\"limits\":{\"kubetron.network.kubevirt.io/main\":\"1\"}}}")))
                .isEqualTo("BestEffort");
    }
}
