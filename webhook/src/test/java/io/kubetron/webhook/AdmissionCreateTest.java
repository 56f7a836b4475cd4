package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.Port;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.webhook.metrics.WebhookMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** CREATE through the whole review path (parse, handler, patch, response) against API server fixtures. */
class AdmissionCreateTest {
    private final FakeBackend backend = FakeBackend.withRedBlueGreen();
    private final WebhookMetrics metrics = new WebhookMetrics();
    private Admission admission = Admission.of(backend, AdmissionSettings.defaults(), metrics);

    private JsonNode review(byte[] body) {
        return Fixtures.JSON.readTree(admission.review(body));
    }

    private static byte[] withNetworks(String fixture, String value) {
        return Fixtures.with(fixture, r -> ((tools.jackson.databind.node.ObjectNode) r.get("object").get("metadata")
                .get("annotations")).put(Annotations.NETWORKS, value));
    }

    @Test
    void podWithGenerateNameGetsPortsAnnotationAndContainer() {
        JsonNode req = Fixtures.tree("create-generatename.json");
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/apiVersion").asString()).isEqualTo("admission.k8s.io/v1");
        assertThat(resp.at("/kind").asString()).isEqualTo("AdmissionReview");
        assertThat(resp.at("/response/uid").asString()).isEqualTo("0df28fbd-5f5f-4a11-9c7e-1b5a3e4f6a01");
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(resp.at("/response/patchType").asString()).isEqualTo("JSONPatch");
        JsonNode ops = Fixtures.patch(resp);
        assertThat(ops).hasSize(2);
        ops.forEach(op -> assertThat(op.get("op").asString()).isEqualTo("add"));
        assertThat(ops.get(0).get("path").asString())
                .isEqualTo("/metadata/annotations/kubetron.network.kubevirt.io~1networksSpec");
        assertThat(ops.get(1).get("path").asString()).isEqualTo("/spec/containers/1");

        JsonNode pod = Fixtures.patchedPod(req, resp);
        String specJson = pod.at("/metadata/annotations").get(Annotations.NETWORKS_SPEC).asString();
        JsonNode spec = Fixtures.JSON.readTree(specJson);
        assertThat(spec.propertyNames()).containsExactly("blue", "red");
        for (String net : List.of("red", "blue")) {
            JsonNode p = spec.get(net);
            assertThat(p.get("portName").asString()).hasSize(14).startsWith(net + "-");
            assertThat(p.get("portID").asString()).isNotEmpty();
            assertThat(p.get("macAddress").asString()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(p.get("fixedIPs")).hasSize(1);
        }
        // the user's annotation, labels and container are untouched
        assertThat(pod.at("/metadata/annotations").get(Annotations.NETWORKS).asString()).isEqualTo("red, blue");
        assertThat(pod.at("/spec/containers/0")).isEqualTo(req.at("/request/object/spec/containers/0"));
        JsonNode side = pod.at("/spec/containers/1");
        assertThat(side.get("name").asString()).isEqualTo("kubetron-request-sidecart");
        JsonNode limits = side.at("/resources/limits");
        assertThat(limits.get("kubetron.network.kubevirt.io/main").asString()).isEqualTo("1");
        assertThat(limits.get("kubetron.network.kubevirt.io/overlay").asString()).isEqualTo("2");
        assertThat(side.get("args")).extracting(JsonNode::asString)
                .containsExactly(spec.get("red").get("portName").asString(), spec.get("blue").get("portName").asString());
        assertThat(side.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();

        // the owner recorded on the ports: namespace, generateName (no name yet), the request uid
        assertThat(backend.ports.values()).hasSize(2).allSatisfy(p -> {
            assertThat(p.owner().namespace()).isEqualTo("demo");
            assertThat(p.owner().podName()).isNull();
            assertThat(p.owner().generateName()).isEqualTo("web-6d4cf56db6-");
            assertThat(p.owner().requestUid()).isEqualTo("0df28fbd-5f5f-4a11-9c7e-1b5a3e4f6a01");
        });
        assertThat(NetworksSpec.parse(specJson).ports().get("red").portId())
                .isIn(backend.ports.values().stream().map(Port::id).toList());
    }

    @Test
    void podWithoutAnnotationsPassesUnchangedWithoutBackendCalls() {
        JsonNode resp = review(Fixtures.bytes("create-no-annotations.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(resp.at("/response/patch").isMissingNode()).isTrue();
        assertThat(resp.at("/response/status").isMissingNode()).isTrue();
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void lastAppliedConfigurationIsLeftAloneAndPhysnetsAreCounted() {
        JsonNode req = Fixtures.tree("create-last-applied.json");
        JsonNode resp = review(Fixtures.bytes("create-last-applied.json"));
        JsonNode pod = Fixtures.patchedPod(req, resp);
        String key = "kubectl.kubernetes.io/last-applied-configuration";
        assertThat(pod.at("/metadata/annotations").get(key))
                .isEqualTo(req.at("/request/object/metadata/annotations").get(key));
        assertThat(Fixtures.patch(resp).toString()).doesNotContain("last-applied");
        JsonNode limits = pod.at("/spec/containers/1/resources/limits");
        assertThat(limits.get("kubetron.network.kubevirt.io/main").asString()).isEqualTo("1");
        assertThat(limits.get("kubetron.network.kubevirt.io/overlay").asString()).isEqualTo("2");
        assertThat(limits.get("kubetron.network.kubevirt.io/phys-net10").asString()).isEqualTo("1");
        // green has no subnet: no address to ask for on it
        assertThat(pod.at("/spec/containers/1/args")).extracting(JsonNode::asString)
                .hasSize(2).allSatisfy(a -> assertThat(a).matches("(red|blue)-[a-z]+"));
        assertThat(backend.ports.values()).allSatisfy(p -> assertThat(p.owner().podName())
                .isEqualTo("example-kubetron-pod1"));
    }

    @Test
    void unknownNetworksAreAllListedAndNothingIsCreated() {
        JsonNode resp = review(withNetworks("create-generatename.json", "red, pink, cyan"));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/code").asInt()).isEqualTo(400);
        assertThat(resp.at("/response/status/message").asString()).contains("unknown networks: pink, cyan");
        assertThat(backend.calls).noneMatch(c -> c.startsWith("createPort"));
    }

    @Test
    void invalidRequestsAreDeniedWithTheProblem() {
        JsonNode empty = review(withNetworks("create-generatename.json", "red,,blue"));
        assertThat(empty.at("/response/status/message").asString()).contains("item 2 is empty");
        JsonNode dup = review(withNetworks("create-generatename.json", "red, red"));
        assertThat(dup.at("/response/status/message").asString()).contains("more than once: red");
        admission = Admission.of(backend, AdmissionSettings.defaults().withMaxNetworks(1), metrics);
        JsonNode many = review(withNetworks("create-generatename.json", "red, blue"));
        assertThat(many.at("/response/status/message").asString()).contains("at most 1");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void failureOnTheSecondPortDeletesTheFirstAndDeniesWithTheReason() {
        backend.failCreateAt = 2;
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/code").asInt()).isEqualTo(409);
        assertThat(resp.at("/response/status/message").asString())
                .contains("creating the port on network blue failed: no free address on blue")
                .contains("the port already created for this Pod was deleted");
        assertThat(backend.ports).isEmpty();
        assertThat(backend.calls).anyMatch(c -> c.startsWith("deletePort"));
    }

    @Test
    void aFailedRollbackIsReportedAndCounted() throws Exception {
        backend.failCreateAt = 2;
        backend.failDeletes = true;
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/response/status/message").asString()).contains("left to Kubetron's garbage collection");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("kubetron_webhook_ports_left_behind_total{operation=\"CREATE\"} 1.0");
    }

    @Test
    void dryRunCreatesNothingButSaysWhatWouldBeAdded() {
        JsonNode req = Fixtures.tree("create-last-applied.json");
        JsonNode resp = review(Fixtures.with("create-last-applied.json", r -> r.put("dryRun", true)));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(backend.calls).noneMatch(c -> c.startsWith("createPort"));
        assertThat(backend.ports).isEmpty();
        assertThat(resp.at("/response/warnings/0").asString()).contains("dry run")
                .contains("red (overlay)").contains("green (physical network phys-net10)");
        JsonNode pod = Fixtures.patchedPod(req, resp);
        assertThat(pod.at("/spec/containers/1/resources/limits").get("kubetron.network.kubevirt.io/overlay").asString())
                .isEqualTo("2");
    }

    @Test
    void unknownNetworksAreStillDeniedOnDryRun() {
        JsonNode resp = review(Fixtures.with("create-generatename.json", r -> {
            r.put("dryRun", true);
            ((tools.jackson.databind.node.ObjectNode) r.get("object").get("metadata").get("annotations"))
                    .put(Annotations.NETWORKS, "nope");
        }));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/message").asString()).contains("unknown network: nope");
    }

    @Test
    void aPodThatAlreadyCarriesTheContainerIsDenied() {
        byte[] body = Fixtures.with("create-generatename.json", r -> ((tools.jackson.databind.node.ArrayNode) r
                .get("object").get("spec").get("containers")).addObject().put("name", "kubetron-request-sidecart")
                .put("image", "x"));
        JsonNode resp = review(body);
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/message").asString()).contains("already has a container");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void backendOutageDeniesWithServiceUnavailable() {
        backend.down = true;
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/code").asInt()).isEqualTo(503);
        assertThat(resp.at("/response/status/message").asString()).contains("backend is down");
    }

    @Test
    void ignoredNamespacesAreNeverTouched() {
        JsonNode resp = review(Fixtures.with("create-generatename.json", r -> r.put("namespace", "kube-system")));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(resp.at("/response/patch").isMissingNode()).isTrue();
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void otherOperationsAndSubresourcesPassThrough() {
        JsonNode update = review(Fixtures.with("create-generatename.json", r -> r.put("operation", "UPDATE")));
        JsonNode sub = review(Fixtures.with("create-generatename.json", r -> r.put("subResource", "ephemeralcontainers")));
        assertThat(update.at("/response/allowed").asBoolean()).isTrue();
        assertThat(sub.at("/response/patch").isMissingNode()).isTrue();
        assertThat(backend.calls).isEmpty();
    }
}
