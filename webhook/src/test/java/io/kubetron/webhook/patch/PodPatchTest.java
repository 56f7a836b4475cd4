package io.kubetron.webhook.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PodPatchTest {
    private final JsonMapper json = JsonMapper.builder().build();
    private final PodPatch patches = new PodPatch(json);
    private final Container sidecar = new ContainerBuilder().withName("side").withImage("img").build();

    private JsonNode apply(Pod pod, JsonPatch patch) {
        return io.fabric8.zjsonpatch.JsonPatch.apply(json.readTree(patch.toJson()), json.valueToTree(pod));
    }

    @Test
    void escapesSlashAndTildeInAnnotationKeys() {
        assertThat(JsonPatch.escape("kubetron.network.kubevirt.io/networksSpec"))
                .isEqualTo("kubetron.network.kubevirt.io~1networksSpec");
        assertThat(JsonPatch.escape("a~b/c")).isEqualTo("a~0b~1c");
    }

    @Test
    void addsToAnExistingAnnotationMapByKey() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").addToAnnotations("keep", "me").endMetadata()
                .withNewSpec().addNewContainer().withName("app").endContainer().endSpec().build();
        JsonPatch patch = patches.build(pod, Map.of("x.io/y~z", "v"), List.of(sidecar));
        JsonNode ops = json.readTree(patch.toJson());
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).get("path").asString()).isEqualTo("/metadata/annotations/x.io~1y~0z");
        assertThat(ops.get(1).get("path").asString()).isEqualTo("/spec/containers/1");
        ops.forEach(op -> assertThat(op.get("op").asString()).isEqualTo("add"));
        JsonNode out = apply(pod, patch);
        assertThat(out.at("/metadata/annotations/keep").asString()).isEqualTo("me");
        assertThat(out.at("/metadata/annotations").get("x.io/y~z").asString()).isEqualTo("v");
        assertThat(out.at("/spec/containers/1/name").asString()).isEqualTo("side");
        assertThat(out.at("/spec/containers/0/name").asString()).isEqualTo("app");
    }

    @Test
    void addsTheWholeMapWhenThePodHasNoAnnotations() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("app").endContainer().endSpec().build();
        JsonNode podJson = json.valueToTree(pod);
        assertThat(podJson.at("/metadata/annotations").isMissingNode()).isTrue();
        JsonPatch patch = patches.build(pod, Map.of("kubetron.network.kubevirt.io/networksSpec", "{}"), List.of());
        JsonNode out = apply(pod, patch);
        assertThat(out.at("/metadata/annotations").get("kubetron.network.kubevirt.io/networksSpec").asString())
                .isEqualTo("{}");
    }

    @Test
    void nothingToAddIsAnEmptyPatch() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        assertThat(patches.build(pod, Map.of(), List.of()).isEmpty()).isTrue();
    }
}
