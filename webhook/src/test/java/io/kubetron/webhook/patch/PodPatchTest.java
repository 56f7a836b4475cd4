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
    private static final String GATE = "kubetron.network.kubevirt.io/networks-ready";
    private final JsonMapper json = JsonMapper.builder().build();
    private final PodPatch patches = new PodPatch(json);
    private final Container sidecar =
            new ContainerBuilder().withName("side").withImage("img").build();

    /** Applies the patch with an independent RFC 6902 implementation, to the Pod as JSON (or as written). */
    private JsonNode apply(JsonNode pod, JsonPatch patch) {
        return io.fabric8.zjsonpatch.JsonPatch.apply(json.readTree(patch.toJson()), pod);
    }

    private JsonNode apply(Pod pod, JsonPatch patch) {
        return apply(json.valueToTree(pod), patch);
    }

    private static PodBuilder app() {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .endContainer()
                .endSpec();
    }

    private static List<String> paths(JsonPatch patch, JsonMapper json) {
        return json.readTree(patch.toJson())
                .valueStream()
                .map(op -> op.get("op").asString() + " " + op.get("path").asString())
                .toList();
    }

    @Test
    void escapesSlashAndTildeInAnnotationKeys() {
        assertThat(JsonPatch.escape("kubetron.network.kubevirt.io/networksSpec"))
                .isEqualTo("kubetron.network.kubevirt.io~1networksSpec");
        assertThat(JsonPatch.escape("a~b/c")).isEqualTo("a~0b~1c");
    }

    @Test
    void addsToAnExistingAnnotationMapByKey() {
        Pod pod = app().editMetadata()
                .addToAnnotations("keep", "me")
                .endMetadata()
                .build();
        JsonPatch patch = patches.build(
                pod,
                PodAdditions.none().withAnnotations(Map.of("x.io/y~z", "v")).withContainers(List.of(sidecar)));
        assertThat(paths(patch, json))
                .containsExactly("add /metadata/annotations/x.io~1y~0z", "add /spec/containers/1");
        JsonNode out = apply(pod, patch);
        assertThat(out.at("/metadata/annotations/keep").asString()).isEqualTo("me");
        assertThat(out.at("/metadata/annotations").get("x.io/y~z").asString()).isEqualTo("v");
        assertThat(out.at("/spec/containers/1/name").asString()).isEqualTo("side");
        assertThat(out.at("/spec/containers/0/name").asString()).isEqualTo("app");
    }

    @Test
    void addsTheWholeMapWhenThePodHasNoAnnotations() {
        Pod pod = app().build();
        JsonNode podJson = json.valueToTree(pod);
        assertThat(podJson.at("/metadata/annotations").isMissingNode()).isTrue();
        JsonPatch patch = patches.build(
                pod, PodAdditions.none().withAnnotations(Map.of("kubetron.network.kubevirt.io/networksSpec", "{}")));
        JsonNode out = apply(pod, patch);
        assertThat(out.at("/metadata/annotations")
                        .get("kubetron.network.kubevirt.io/networksSpec")
                        .asString())
                .isEqualTo("{}");
    }

    @Test
    void nothingToAddIsAnEmptyPatch() {
        Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
        assertThat(patches.build(pod, PodAdditions.none()).isEmpty()).isTrue();
    }

    @Test
    void aReadinessGateIsAddedAsAListWhenThePodHasNone() {
        Pod pod = app().build();
        assertThat(json.<JsonNode>valueToTree(pod).at("/spec/readinessGates").isMissingNode())
                .isTrue();
        JsonPatch patch = patches.build(pod, PodAdditions.none().withReadinessGates(List.of(GATE)));
        assertThat(paths(patch, json)).containsExactly("add /spec/readinessGates");
        assertThat(apply(pod, patch).at("/spec/readinessGates").toString())
                .isEqualTo("[{\"conditionType\":\"" + GATE + "\"}]");
        // an explicit empty list, which the typed Pod cannot tell from an absent one, is replaced just as well
        JsonNode explicitEmpty = json.readTree("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":"
                + "\"app\"}],\"readinessGates\":[]}}");
        assertThat(apply(explicitEmpty, patch)
                        .at("/spec/readinessGates/0/conditionType")
                        .asString())
                .isEqualTo(GATE);
    }

    @Test
    void aReadinessGateIsAppendedAfterThePodsOwn() {
        Pod pod = app().editSpec()
                .addNewReadinessGate()
                .withConditionType("example.com/lb-ready")
                .endReadinessGate()
                .endSpec()
                .build();
        JsonPatch patch = patches.build(pod, PodAdditions.none().withReadinessGates(List.of(GATE)));
        assertThat(paths(patch, json)).containsExactly("add /spec/readinessGates/1");
        JsonNode gates = apply(pod, patch).at("/spec/readinessGates");
        assertThat(gates.valueStream().map(g -> g.get("conditionType").asString()))
                .containsExactly("example.com/lb-ready", GATE);
    }

    @Test
    void aReadinessGateThePodAlreadyHasIsNotAddedAgain() {
        Pod pod = app().editSpec()
                .addNewReadinessGate()
                .withConditionType(GATE)
                .endReadinessGate()
                .addNewReadinessGate()
                .withConditionType("example.com/lb-ready")
                .endReadinessGate()
                .endSpec()
                .build();
        JsonPatch patch = patches.build(pod, PodAdditions.none().withReadinessGates(List.of(GATE, GATE)));
        assertThat(patch.isEmpty()).isTrue();
    }

    @Test
    void firstInitContainersAreAddedAsAListWhenThePodHasNone() {
        Pod pod = app().build();
        Container second =
                new ContainerBuilder().withName("side-2").withImage("img").build();
        JsonPatch patch = patches.build(pod, PodAdditions.none().withFirstInitContainers(List.of(sidecar, second)));
        assertThat(paths(patch, json)).containsExactly("add /spec/initContainers");
        JsonNode out = apply(pod, patch);
        assertThat(out.at("/spec/initContainers")
                        .valueStream()
                        .map(c -> c.get("name").asString()))
                .containsExactly("side", "side-2");
        assertThat(out.at("/spec/containers"))
                .isEqualTo(json.<JsonNode>valueToTree(pod).at("/spec/containers"));
    }

    @Test
    void firstInitContainersGoBeforeThePodsOwnInOrder() {
        Pod pod = app().editSpec()
                .addNewInitContainer()
                .withName("migrate")
                .withImage("db")
                .endInitContainer()
                .addNewInitContainer()
                .withName("warm")
                .withImage("cache")
                .endInitContainer()
                .endSpec()
                .build();
        Container second =
                new ContainerBuilder().withName("side-2").withImage("img").build();
        JsonPatch patch = patches.build(pod, PodAdditions.none().withFirstInitContainers(List.of(sidecar, second)));
        assertThat(paths(patch, json)).containsExactly("add /spec/initContainers/0", "add /spec/initContainers/1");
        JsonNode out = apply(pod, patch);
        assertThat(out.at("/spec/initContainers")
                        .valueStream()
                        .map(c -> c.get("name").asString()))
                .containsExactly("side", "side-2", "migrate", "warm");
        assertThat(out.at("/spec/initContainers/2"))
                .isEqualTo(json.<JsonNode>valueToTree(pod).at("/spec/initContainers/0"));
    }
}
