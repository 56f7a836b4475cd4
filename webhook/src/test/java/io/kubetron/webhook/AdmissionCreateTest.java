package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.BackendPort;
import io.kubetron.common.signing.NetworksSignature;
import io.kubetron.common.signing.SignedPod;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.metrics.WebhookMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** CREATE through the whole review path (parse, handler, patch, response) against API server fixtures. */
class AdmissionCreateTest {
    private final FakeBackend backend = FakeBackend.withRedBlueGreen();
    private final WebhookMetrics metrics = new WebhookMetrics();
    /** The original's place (sidecar); the init-mode tests say so. */
    private Admission admission = Admission.of(
            backend,
            AdmissionSettings.defaults().withInjection(InjectionMode.SIDECAR),
            TestSigning.supplier(),
            metrics);

    private JsonNode review(byte[] body) {
        return Fixtures.JSON.readTree(admission.review(body));
    }

    private static byte[] withNetworks(String fixture, String value) {
        return Fixtures.with(
                fixture,
                r -> ((tools.jackson.databind.node.ObjectNode)
                                r.get("object").get("metadata").get("annotations"))
                        .put(Annotations.NETWORKS, value));
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
        assertThat(ops).hasSize(4);
        ops.forEach(op -> assertThat(op.get("op").asString()).isEqualTo("add"));
        assertThat(ops.get(0).get("path").asString())
                .isEqualTo("/metadata/annotations/kubetron.network.kubevirt.io~1networksSpec");
        assertThat(ops.get(1).get("path").asString())
                .isEqualTo("/metadata/annotations/kubetron.network.kubevirt.io~1networksSignature");
        assertThat(ops.get(2).get("path").asString()).isEqualTo("/spec/containers/1");
        assertThat(ops.get(3).get("path").asString()).isEqualTo("/spec/readinessGates");

        JsonNode pod = Fixtures.patchedPod(req, resp);
        String specJson =
                pod.at("/metadata/annotations").get(Annotations.NETWORKS_SPEC).asString();
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
        assertThat(pod.at("/metadata/annotations").get(Annotations.NETWORKS).asString())
                .isEqualTo("red, blue");
        assertThat(pod.at("/spec/containers/0")).isEqualTo(req.at("/request/object/spec/containers/0"));
        JsonNode side = pod.at("/spec/containers/1");
        assertThat(side.get("name").asString()).isEqualTo("kubetron-request-sidecart");
        JsonNode limits = side.at("/resources/limits");
        assertThat(limits.get("kubetron.network.kubevirt.io/main").asString()).isEqualTo("1");
        assertThat(limits.get("kubetron.network.kubevirt.io/overlay").asString())
                .isEqualTo("2");
        assertThat(side.get("args"))
                .extracting(JsonNode::asString)
                .containsExactly(
                        spec.get("red").get("portName").asString(),
                        spec.get("blue").get("portName").asString());
        assertThat(side.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
                .isFalse();
        assertThat(side.has("restartPolicy")).isFalse();
        assertThat(pod.at("/spec/readinessGates").toString())
                .isEqualTo("[{\"conditionType\":\"kubetron.network.kubevirt.io/networks-ready\"}]");
        assertThat(pod.at("/spec/initContainers").isMissingNode()).isTrue();

        // the owner recorded on the ports: namespace, generateName (no name yet), the request uid
        assertThat(backend.ports.values()).hasSize(2).allSatisfy(p -> {
            assertThat(p.owner().namespace()).isEqualTo("demo");
            assertThat(p.owner().podName()).isNull();
            assertThat(p.owner().generateName()).isEqualTo("web-6d4cf56db6-");
            assertThat(p.owner().requestUid()).isEqualTo("0df28fbd-5f5f-4a11-9c7e-1b5a3e4f6a01");
        });
        assertThat(NetworksSpec.parse(specJson).ports().get("red").portId())
                .isIn(backend.ports.values().stream().map(BackendPort::id).toList());

        // signed for the namespace and the generateName (the name does not exist yet), checked by the node agent
        // against the name the API server then gives the Pod
        String signature = pod.at("/metadata/annotations")
                .get(Annotations.NETWORKS_SIGNATURE)
                .asString();
        assertThat(signature).startsWith("v1." + TestSigning.KEY_ID + ".");
        assertThat(NetworksSignature.verify(
                                TestSigning.keys(),
                                new SignedPod("demo", "web-6d4cf56db6-x7k2p", "web-6d4cf56db6-"),
                                specJson,
                                signature)
                        .valid())
                .isTrue();
        assertThat(NetworksSignature.verify(
                                TestSigning.keys(),
                                new SignedPod("other", "web-6d4cf56db6-x7k2p", "web-6d4cf56db6-"),
                                specJson,
                                signature)
                        .valid())
                .isFalse();
    }

    @Test
    void aNamedPodsSignatureIsBoundToItsName() {
        JsonNode req = Fixtures.tree("create-last-applied.json");
        JsonNode pod = Fixtures.patchedPod(req, review(Fixtures.bytes("create-last-applied.json")));
        JsonNode a = pod.at("/metadata/annotations");
        String ns = req.at("/request/namespace").asString();
        SignedPod named = new SignedPod(ns, "example-kubetron-pod1", null);
        assertThat(NetworksSignature.verify(
                                TestSigning.keys(),
                                named,
                                a.get(Annotations.NETWORKS_SPEC).asString(),
                                a.get(Annotations.NETWORKS_SIGNATURE).asString())
                        .valid())
                .isTrue();
        assertThat(NetworksSignature.verify(
                                TestSigning.keys(),
                                new SignedPod(ns, "example-kubetron-pod2", null),
                                a.get(Annotations.NETWORKS_SPEC).asString(),
                                a.get(Annotations.NETWORKS_SIGNATURE).asString())
                        .valid())
                .isFalse();
    }

    /** A Pod copied from an admitted one ({@code kubectl get -o yaml}), or a forgery naming someone else's port. */
    @Test
    void aCreateThatCarriesKubetronsAnnotationsIsRefusedAndNothingIsMade() {
        String forged = "{\"red\":{\"portName\":\"red-abcdefghij\",\"portID\":\"victims-port\","
                + "\"macAddress\":\"0a:58:0a:01:00:05\"}}";
        for (String[] carried : new String[][] {
            {Annotations.NETWORKS_SPEC, forged},
            {Annotations.NETWORKS_SIGNATURE, "v1.test-1.AAAA"},
        }) {
            for (boolean withNetworks : new boolean[] {true, false}) {
                byte[] body = Fixtures.with("create-generatename.json", r -> {
                    ObjectNode a = (ObjectNode) r.get("object").get("metadata").get("annotations");
                    a.put(carried[0], carried[1]);
                    if (!withNetworks) {
                        a.remove(Annotations.NETWORKS);
                    }
                });
                JsonNode resp = review(body);
                assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
                assertThat(resp.at("/response/status/code").asInt()).isEqualTo(400);
                assertThat(resp.at("/response/status/message").asString())
                        .contains("the Pod carries " + carried[0] + ", which only Kubetron writes")
                        .contains("remove " + Annotations.NETWORKS_SPEC + " and " + Annotations.NETWORKS_SIGNATURE);
                assertThat(resp.at("/response/patch").isMissingNode()).isTrue();
            }
        }
        // refused before the backend is asked anything: no port was made
        assertThat(backend.calls).isEmpty();
        assertThat(backend.ports).isEmpty();
    }

    @Test
    void aDryRunThatCarriesNetworksSpecIsRefusedToo() {
        byte[] body = Fixtures.with("create-generatename.json", r -> {
            r.put("dryRun", true);
            ((ObjectNode) r.get("object").get("metadata").get("annotations")).put(Annotations.NETWORKS_SPEC, "{}");
        });
        JsonNode resp = review(body);
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(backend.calls).isEmpty();
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
        assertThat(limits.get("kubetron.network.kubevirt.io/overlay").asString())
                .isEqualTo("2");
        assertThat(limits.get("kubetron.network.kubevirt.io/phys-net10").asString())
                .isEqualTo("1");
        // green has no subnet: no address to ask for on it
        assertThat(pod.at("/spec/containers/1/args"))
                .extracting(JsonNode::asString)
                .hasSize(2)
                .allSatisfy(a -> assertThat(a).matches("(red|blue)-[a-z]+"));
        assertThat(backend.ports.values())
                .allSatisfy(p -> assertThat(p.owner().podName()).isEqualTo("example-kubetron-pod1"));
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
        admission = Admission.of(
                backend,
                AdmissionSettings.defaults()
                        .withInjection(InjectionMode.SIDECAR)
                        .withMaxNetworks(1),
                TestSigning.supplier(),
                metrics);
        JsonNode many = review(withNetworks("create-generatename.json", "red, blue"));
        assertThat(many.at("/response/status/message").asString()).contains("at most 1");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void aPodsPortsAreMadeInOneCallThatFailsAsAWhole() {
        backend.failCreateAt = 2;
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/code").asInt()).isEqualTo(422);
        assertThat(resp.at("/response/status/message").asString())
                .contains("creating the Pod's ports (red, blue) failed: no free address on blue")
                .doesNotContain("deleted");
        assertThat(backend.ports).isEmpty();
        assertThat(backend.calls).filteredOn(c -> c.startsWith("createPort")).hasSize(1);
        assertThat(backend.calls).noneMatch(c -> c.startsWith("deletePort"));
    }

    @Test
    void portsNotAsAskedAreDeletedAndAFailedDeletionIsReportedAndCounted() throws Exception {
        admission = Admission.of(
                backend,
                AdmissionSettings.defaults(),
                TestSigning.supplier(),
                metrics,
                io.kubetron.webhook.create.PortsAdmitted.NONE,
                NamesAreNetworks.DIRECTORY);
        backend.ignoreRequests = true;
        backend.failDeletes = true;
        JsonNode resp = review(Fixtures.with("create-generatename.json", r -> {
            ObjectNode a = (ObjectNode) r.get("object").get("metadata").get("annotations");
            a.remove(Annotations.NETWORKS);
            a.put(
                    "k8s.v1.cni.cncf.io/networks",
                    "[{\"name\":\"red\",\"mac\":\"02:00:00:00:00:05\"},{\"name\":\"blue\"}]");
        }));
        assertThat(resp.at("/response/status/message").asString())
                .contains("not the 02:00:00:00:00:05 asked for")
                .contains("of the 2 ports already created for this Pod, these could not be deleted and are left to "
                        + "Kubetron's garbage collection");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("kubetron_webhook_ports_left_behind_total{operation=\"CREATE\"} 2.0");

        backend.failDeletes = false;
        backend.ports.clear();
        JsonNode deleted = review(Fixtures.with("create-generatename.json", r -> {
            ObjectNode a = (ObjectNode) r.get("object").get("metadata").get("annotations");
            a.remove(Annotations.NETWORKS);
            a.put("k8s.v1.cni.cncf.io/networks", "[{\"name\":\"red\",\"mac\":\"02:00:00:00:00:05\"}]");
        }));
        assertThat(deleted.at("/response/status/message").asString())
                .contains("the port already created for this Pod was deleted");
        assertThat(backend.ports).isEmpty();
    }

    @Test
    void dryRunCreatesNothingButSaysWhatWouldBeAdded() {
        JsonNode req = Fixtures.tree("create-last-applied.json");
        JsonNode resp = review(Fixtures.with("create-last-applied.json", r -> r.put("dryRun", true)));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(backend.calls).noneMatch(c -> c.startsWith("createPort"));
        assertThat(backend.ports).isEmpty();
        assertThat(resp.at("/response/warnings/0").asString())
                .contains("dry run")
                .contains("red (overlay)")
                .contains("green (physical network phys-net10)");
        JsonNode pod = Fixtures.patchedPod(req, resp);
        assertThat(pod.at("/spec/containers/1/resources/limits")
                        .get("kubetron.network.kubevirt.io/overlay")
                        .asString())
                .isEqualTo("2");
    }

    @Test
    void unknownNetworksAreStillDeniedOnDryRun() {
        JsonNode resp = review(Fixtures.with("create-generatename.json", r -> {
            r.put("dryRun", true);
            ((tools.jackson.databind.node.ObjectNode)
                            r.get("object").get("metadata").get("annotations"))
                    .put(Annotations.NETWORKS, "nope");
        }));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/message").asString()).contains("unknown network: nope");
    }

    @Test
    void aPodThatAlreadyCarriesTheContainerIsDenied() {
        byte[] body = Fixtures.with(
                "create-generatename.json",
                r -> ((tools.jackson.databind.node.ArrayNode)
                                r.get("object").get("spec").get("containers"))
                        .addObject()
                        .put("name", "kubetron-request-sidecart")
                        .put("image", "x"));
        JsonNode resp = review(body);
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/message").asString()).contains("already has a container");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void aPodOnTheHostNetworkIsDeniedBeforeAnyPortIsMade() {
        byte[] body = Fixtures.with(
                "create-generatename.json",
                r -> ((tools.jackson.databind.node.ObjectNode) r.get("object").get("spec")).put("hostNetwork", true));
        JsonNode resp = review(body);
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/code").asInt()).isEqualTo(400);
        assertThat(resp.at("/response/status/message").asString()).contains("host network");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void backendOutageDeniesWithARefusalNotAnOutageOfTheApiServer() {
        backend.down = true;
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resp.at("/response/status/code").asInt()).isEqualTo(422);
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
        JsonNode sub =
                review(Fixtures.with("create-generatename.json", r -> r.put("subResource", "ephemeralcontainers")));
        assertThat(update.at("/response/allowed").asBoolean()).isTrue();
        assertThat(sub.at("/response/patch").isMissingNode()).isTrue();
        assertThat(backend.calls).isEmpty();
    }

    /** The fixture's Pod with init containers and readiness gates of its own (and perhaps ours already). */
    private static byte[] withInitContainersAndGates(String... gates) {
        return Fixtures.with("create-generatename.json", r -> {
            ObjectNode spec = (ObjectNode) r.get("object").get("spec");
            ArrayNode init = spec.putArray("initContainers");
            init.addObject().put("name", "migrate").put("image", "db:1");
            init.addObject().put("name", "warm").put("image", "cache:1");
            ArrayNode list = spec.putArray("readinessGates");
            for (String g : gates) {
                list.addObject().put("conditionType", g);
            }
        });
    }

    private static java.util.stream.Stream<String> names(JsonNode list, String field) {
        return list.valueStream().map(n -> n.get(field).asString());
    }

    @Test
    void theReadinessGateIsAppendedToThePodsOwnAndNeverDuplicated() {
        byte[] other = withInitContainersAndGates("example.com/lb-ready");
        JsonNode pod = Fixtures.patchedPod(Fixtures.JSON.readTree(other), review(other));
        assertThat(names(pod.at("/spec/readinessGates"), "conditionType"))
                .containsExactly("example.com/lb-ready", PodConditions.NETWORKS_READY);

        byte[] ours = withInitContainersAndGates(PodConditions.NETWORKS_READY, "example.com/lb-ready");
        JsonNode resp = review(ours);
        assertThat(Fixtures.patch(resp).toString()).doesNotContain("readinessGates");
        assertThat(names(
                        Fixtures.patchedPod(Fixtures.JSON.readTree(ours), resp).at("/spec/readinessGates"),
                        "conditionType"))
                .containsExactly(PodConditions.NETWORKS_READY, "example.com/lb-ready");
    }

    @Test
    void initModePutsANativeSidecarFirstAmongInitContainersAndLeavesTheContainersAlone() {
        admission = Admission.of(
                backend,
                AdmissionSettings.defaults().withInjection(InjectionMode.INIT),
                TestSigning.supplier(),
                metrics);
        JsonNode req = Fixtures.tree("create-generatename.json");
        JsonNode resp = review(Fixtures.bytes("create-generatename.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(Fixtures.patch(resp).valueStream().map(op -> op.get("path").asString()))
                .containsExactly(
                        "/metadata/annotations/kubetron.network.kubevirt.io~1networksSpec",
                        "/metadata/annotations/kubetron.network.kubevirt.io~1networksSignature",
                        "/spec/initContainers",
                        "/spec/readinessGates");

        JsonNode pod = Fixtures.patchedPod(req, resp);
        assertThat(pod.at("/spec/containers")).isEqualTo(req.at("/request/object/spec/containers"));
        assertThat(pod.at("/spec/initContainers")).hasSize(1);
        JsonNode side = pod.at("/spec/initContainers/0");
        assertThat(side.get("name").asString()).isEqualTo("kubetron-request-sidecart");
        assertThat(side.get("restartPolicy").asString()).isEqualTo("Always");
        assertThat(side.at("/resources/limits")
                        .get("kubetron.network.kubevirt.io/main")
                        .asString())
                .isEqualTo("1");
        assertThat(side.at("/resources/limits")
                        .get("kubetron.network.kubevirt.io/overlay")
                        .asString())
                .isEqualTo("2");
        assertThat(side.at("/resources/limits/memory").asString()).isEqualTo("32Mi");
        assertThat(side.at("/resources/requests/cpu").asString()).isEqualTo("10m");
        assertThat(side.at("/resources/limits/cpu").asString()).isEqualTo("10m");
        assertThat(side.at("/resources/requests/memory").asString()).isEqualTo("32Mi");
        assertThat(side.at("/securityContext/runAsUser").asLong()).isEqualTo(65534);
        assertThat(side.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
        assertThat(side.at("/securityContext/capabilities/drop/0").asString()).isEqualTo("ALL");
        String spec =
                pod.at("/metadata/annotations").get(Annotations.NETWORKS_SPEC).asString();
        assertThat(side.get("args"))
                .extracting(JsonNode::asString)
                .containsExactly(
                        NetworksSpec.parse(spec).ports().get("red").portName(),
                        NetworksSpec.parse(spec).ports().get("blue").portName());
        assertThat(pod.at("/spec/readinessGates/0/conditionType").asString()).isEqualTo(PodConditions.NETWORKS_READY);
    }

    @Test
    void initModeKeepsThePodsOwnInitContainersAfterIt() {
        admission = Admission.of(
                backend,
                AdmissionSettings.defaults().withInjection(InjectionMode.INIT),
                TestSigning.supplier(),
                metrics);
        byte[] body = withInitContainersAndGates();
        JsonNode req = Fixtures.JSON.readTree(body);
        JsonNode resp = review(body);
        assertThat(Fixtures.patch(resp).valueStream().map(op -> op.get("path").asString()))
                .contains("/spec/initContainers/0")
                .doesNotContain("/spec/initContainers");
        JsonNode pod = Fixtures.patchedPod(req, resp);
        assertThat(names(pod.at("/spec/initContainers"), "name"))
                .containsExactly("kubetron-request-sidecart", "migrate", "warm");
        assertThat(pod.at("/spec/initContainers/1")).isEqualTo(req.at("/request/object/spec/initContainers/0"));
        assertThat(pod.at("/spec/initContainers/2")).isEqualTo(req.at("/request/object/spec/initContainers/1"));
        assertThat(pod.at("/spec/containers")).isEqualTo(req.at("/request/object/spec/containers"));
    }

    @Test
    void initModeDryRunShowsTheSameContainerAndGateWithoutPorts() {
        admission = Admission.of(
                backend,
                AdmissionSettings.defaults().withInjection(InjectionMode.INIT),
                TestSigning.supplier(),
                metrics);
        JsonNode req = Fixtures.tree("create-last-applied.json");
        JsonNode resp = review(Fixtures.with("create-last-applied.json", r -> r.put("dryRun", true)));
        assertThat(backend.ports).isEmpty();
        JsonNode pod = Fixtures.patchedPod(req, resp);
        assertThat(pod.at("/spec/initContainers/0/restartPolicy").asString()).isEqualTo("Always");
        assertThat(pod.at("/spec/containers")).isEqualTo(req.at("/request/object/spec/containers"));
        assertThat(pod.at("/spec/readinessGates/0/conditionType").asString()).isEqualTo(PodConditions.NETWORKS_READY);
        assertThat(resp.at("/response/warnings/0").asString()).contains("readiness gate");
    }

    @Test
    void aPodThatAlreadyCarriesTheContainerAsAnInitContainerIsDenied() {
        byte[] body = Fixtures.with(
                "create-generatename.json",
                r -> ((ObjectNode) r.get("object").get("spec"))
                        .putArray("initContainers")
                        .addObject()
                        .put("name", "kubetron-request-sidecart")
                        .put("image", "x")
                        .put("restartPolicy", "Always"));
        for (InjectionMode mode : InjectionMode.values()) {
            admission = Admission.of(
                    backend, AdmissionSettings.defaults().withInjection(mode), TestSigning.supplier(), metrics);
            JsonNode resp = review(body);
            assertThat(resp.at("/response/allowed").asBoolean()).as(mode.flag()).isFalse();
            assertThat(resp.at("/response/status/message").asString()).contains("already has a container");
        }
        assertThat(backend.calls).isEmpty();
    }
}
