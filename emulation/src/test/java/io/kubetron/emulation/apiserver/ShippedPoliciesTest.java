package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** The policies of deploy/policies, evaluated with real CEL as the API server would, request by request. */
class ShippedPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORKS = "kubetron.network.kubevirt.io/networks";
    private static final String SPEC = "kubetron.network.kubevirt.io/networksSpec";
    private static final String SIGNATURE = "kubetron.network.kubevirt.io/networksSignature";
    private static final String STATUS = "k8s.v1.cni.cncf.io/network-status";
    private static final Map<String, String> DEFAULT_NS = Map.of("kubernetes.io/metadata.name", "default");
    private static final UserInfo TENANT = new UserInfo("alice", "u1", List.of("system:authenticated"), Map.of());
    private static final UserInfo AGENT_1 =
            UserInfo.serviceAccount("kubetron", "kubetron-node-agent", "kubetron-node-agent-x1", "node-1");

    static List<ValidatingAdmissionPolicy> policies = new ArrayList<>();
    static List<ValidatingAdmissionPolicyBinding> bindings = new ArrayList<>();
    private final ValidatingPolicies evaluator = new ValidatingPolicies(new AdmissionCel());

    @BeforeAll
    static void load() throws Exception {
        KubernetesSerialization s = new KubernetesSerialization();
        for (String f : List.of("owned-annotations", "unmutated-namespaces", "node-agent-own-node")) {
            try (InputStream in = ShippedPoliciesTest.class.getResourceAsStream("/deploy/policies/" + f + ".yaml")) {
                Object parsed = s.unmarshal(in);
                List<?> items = parsed instanceof List<?> l ? l : List.of(parsed);
                for (Object o : items) {
                    if (o instanceof ValidatingAdmissionPolicy p) {
                        policies.add(p);
                    } else if (o instanceof ValidatingAdmissionPolicyBinding b) {
                        bindings.add(b);
                    } else {
                        throw new AssertionError("unexpected " + ((HasMetadata) o).getKind());
                    }
                }
            }
        }
    }

    private static ObjectNode pod(String node, Map<String, String> annotations) {
        ObjectNode p = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = p.putObject("metadata").put("name", "p").put("namespace", "default");
        if (!annotations.isEmpty()) {
            ObjectNode a = meta.putObject("annotations");
            annotations.forEach(a::put);
        }
        ObjectNode spec = p.putObject("spec");
        if (node != null) {
            spec.put("nodeName", node);
        }
        spec.putArray("containers").addObject().put("name", "app").put("image", "busybox");
        ObjectNode status = p.putObject("status").put("phase", "Running");
        status.putArray("conditions")
                .add(JSON.createObjectNode().put("type", "Ready").put("status", "False"))
                .add(JSON.createObjectNode()
                        .put("type", "kubetron.network.kubevirt.io/networks-ready")
                        .put("status", "False"));
        return p;
    }

    private ValidatingPolicies.Outcome create(String namespace, JsonNode pod, UserInfo user) {
        ((ObjectNode) pod.path("metadata")).put("namespace", namespace);
        return evaluator.evaluate(
                policies,
                bindings,
                new AdmissionRequest("CREATE", "Pod", "pods", "", namespace, "p", pod, null, user),
                Map.of("kubernetes.io/metadata.name", namespace));
    }

    private ValidatingPolicies.Outcome update(String sub, JsonNode old, JsonNode now, UserInfo user) {
        return evaluator.evaluate(
                policies,
                bindings,
                new AdmissionRequest("UPDATE", "Pod", "pods", sub, "default", "p", now, old, user),
                DEFAULT_NS);
    }

    private static ObjectNode with(ObjectNode pod, String key, String value) {
        ObjectNode copy = pod.deepCopy();
        ObjectNode meta = (ObjectNode) copy.get("metadata");
        ObjectNode a = meta.has("annotations") ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
        if (value == null) {
            a.remove(key);
        } else {
            a.put(key, value);
        }
        return copy;
    }

    @Test
    void aForgedNetworksSpecWithoutNetworksIsRefusedOnCreate() {
        var o = create("default", pod(null, Map.of(SPEC, "{\"red\":{}}")), TENANT);
        assertThat(o.denial()).get().satisfies(d -> {
            assertThat(d.code()).isEqualTo(403);
            assertThat(d.message())
                    .startsWith("pods \"p\" is forbidden: ValidatingAdmissionPolicy 'kubetron-owned-annotations' "
                            + "with binding 'kubetron-owned-annotations' denied request: annotation " + SPEC
                            + " is written by Kubetron only");
        });
        assertThat(create("default", pod(null, Map.of(SIGNATURE, "v1.k.x")), TENANT)
                        .denial())
                .isPresent();
    }

    @Test
    void whatTheWebhookAdmittedAndPlainPodsPass() {
        assertThat(create("default", pod(null, Map.of(NETWORKS, "red", SPEC, "{}", SIGNATURE, "v1.k.x")), TENANT)
                        .denial())
                .isEmpty();
        assertThat(create("default", pod(null, Map.of()), TENANT).denial()).isEmpty();
        assertThat(create("default", pod(null, Map.of("other.example/x", "1")), TENANT)
                        .denial())
                .isEmpty();
    }

    @Test
    void aPodSelectingTheStandardWayIsAdmittedAndKeepsItsSelection() {
        String npwg = "k8s.v1.cni.cncf.io/networks";
        ObjectNode admitted = pod(null, Map.of(npwg, "red@net1", SPEC, "{}", SIGNATURE, "v1.k.x"));
        assertThat(create("default", admitted, TENANT).denial()).isEmpty();
        assertThat(update("", admitted, with(admitted, npwg, "blue"), TENANT).denial())
                .get()
                .satisfies(d -> assertThat(d.message()).contains("the networks of a Pod are fixed"));
        assertThat(update("", admitted, with(admitted, npwg, null), TENANT).denial())
                .isPresent();
        assertThat(update("", admitted, with(admitted, "other.example/x", "1"), TENANT)
                        .denial())
                .isEmpty();
        // a Pod Kubetron did not admit (Multus's alone) is none of this policy's business
        ObjectNode multus = pod(null, Map.of(npwg, "macvlan"));
        assertThat(update("", multus, with(multus, npwg, "macvlan, other"), TENANT)
                        .denial())
                .isEmpty();
    }

    @Test
    void inANamespaceTheWebhookSkipsEveryKubetronAnnotationIsRefused() {
        var o = create("kube-system", pod(null, Map.of(NETWORKS, "red", SPEC, "{}")), TENANT);
        assertThat(o.denial())
                .get()
                .satisfies(d -> assertThat(d.message())
                        .contains("kubetron-unmutated-namespaces-system")
                        .contains("does not attach Pods in namespace kube-system"));
        var labelled = evaluator.evaluate(
                policies,
                bindings,
                new AdmissionRequest(
                        "CREATE",
                        "Pod",
                        "pods",
                        "",
                        "team",
                        "p",
                        pod(null, Map.of(NETWORKS, "r", SPEC, "{}")),
                        null,
                        TENANT),
                Map.of("kubernetes.io/metadata.name", "team", "kubetron.network.kubevirt.io/ignoreAdmission", ""));
        assertThat(labelled.denial())
                .get()
                .satisfies(d -> assertThat(d.message()).contains("kubetron-unmutated-namespaces-labelled"));
        // asking for networks there is not refused: the Pod simply gets none
        assertThat(create("kube-system", pod(null, Map.of(NETWORKS, "red")), TENANT)
                        .denial())
                .isEmpty();
    }

    @Test
    void networksAndKubetronAnnotationsCannotChangeOnUpdateOrPatch() {
        ObjectNode running = pod("node-1", Map.of(NETWORKS, "red", SPEC, "{\"a\":1}", SIGNATURE, "v1.k.x"));
        for (ObjectNode changed : List.of(
                with(running, SPEC, "{\"a\":2}"),
                with(running, SPEC, null),
                with(running, NETWORKS, null),
                with(running, NETWORKS, "red,blue"),
                with(running, SIGNATURE, "v1.k.y"),
                with(running, "kubetron.network.kubevirt.io/later", "x"))) {
            for (String sub : List.of("", "status")) {
                assertThat(update(sub, running, changed, UserInfo.admin()).denial())
                        .as("%s on %s", changed.path("metadata").path("annotations"), sub)
                        .get()
                        .satisfies(d -> {
                            assertThat(d.code()).isEqualTo(422);
                            assertThat(d.message()).contains("the networks of a Pod are fixed when it is created");
                        });
            }
        }
        ObjectNode plain = pod("node-1", Map.of());
        assertThat(update("", plain, with(plain, SPEC, "{}"), TENANT).denial()).isPresent();
        assertThat(update("", running, with(running, "team.example/owner", "bob"), TENANT)
                        .denial())
                .isEmpty();
    }

    @Test
    void aNodeAgentWritesOnlyItsNodesPodsAndOnlyItsAnnotationAndCondition() {
        ObjectNode mine = pod("node-1", Map.of(NETWORKS, "red", SPEC, "{}"));
        assertThat(update("", mine, with(mine, STATUS, "[]"), AGENT_1).denial()).isEmpty();
        ObjectNode ready = mine.deepCopy();
        ((ObjectNode) ready.path("status").path("conditions").get(1)).put("status", "True");
        assertThat(update("status", mine, ready, AGENT_1).denial()).isEmpty();

        ObjectNode theirs = pod("node-2", Map.of(NETWORKS, "red", SPEC, "{}"));
        assertThat(update("", theirs, with(theirs, STATUS, "[]"), AGENT_1).denial())
                .get()
                .satisfies(d -> {
                    assertThat(d.code()).isEqualTo(403);
                    assertThat(d.message())
                            .contains("kubetron-node-agent-own-node")
                            .contains("the node agent of node node-1 may write only Pods bound to that node");
                });
        assertThat(update("", mine, with(mine, "team.example/owner", "eve"), AGENT_1)
                        .denial())
                .get()
                .satisfies(d -> assertThat(d.message()).contains("no annotation but " + STATUS));
        ObjectNode relabelled = mine.deepCopy();
        ((ObjectNode) relabelled.path("metadata")).putObject("labels").put("app", "x");
        assertThat(update("", mine, relabelled, AGENT_1).denial()).isPresent();
        ObjectNode otherCondition = mine.deepCopy();
        ((ObjectNode) otherCondition.path("status").path("conditions").get(0)).put("status", "True");
        assertThat(update("status", mine, otherCondition, AGENT_1).denial())
                .get()
                .satisfies(d -> assertThat(d.message()).contains("only its own condition"));
        // an unscheduled Pod belongs to no node
        ObjectNode pending = pod(null, Map.of());
        assertThat(update("", pending, with(pending, STATUS, "[]"), AGENT_1).denial())
                .isPresent();
        // a token without the node claim may write nothing
        UserInfo legacy = UserInfo.serviceAccount("kubetron", "kubetron-node-agent", "x", null);
        assertThat(update("", mine, with(mine, STATUS, "[]"), legacy).denial())
                .get()
                .satisfies(d -> assertThat(d.message()).contains("carries no node name"));
        // the policy is about the agent: others are not narrowed by it
        assertThat(update("", theirs, with(theirs, STATUS, "[]"), TENANT).denial())
                .isEmpty();
    }

    @Test
    void theAgentsFirstConditionPassesOnAPodWhoseStatusHasNoConditionsOrNoFieldsAtAll() {
        ObjectNode created = pod("node-1", Map.of(NETWORKS, "red", SPEC, "{}"));
        created.putObject("status").put("phase", "Pending").put("qosClass", "BestEffort");
        ObjectNode reported = created.deepCopy();
        ((ObjectNode) reported.path("status"))
                .putArray("conditions")
                .addObject()
                .put("type", "kubetron.network.kubevirt.io/networks-ready")
                .put("status", "True");
        assertThat(update("status", created, reported, AGENT_1).denial()).isEmpty();
        // no status at all: a CEL field selection on an absent field is an error, which the policy must not hit
        ObjectNode bare = created.deepCopy();
        bare.remove("status");
        ObjectNode reportedOnBare = reported.deepCopy();
        ((ObjectNode) reportedOnBare.path("status")).remove(List.of("phase", "qosClass"));
        assertThat(update("status", bare, reportedOnBare, AGENT_1).denial()).isEmpty();
        // and the phase is still not the agent's to set
        assertThat(update("status", bare, reported, AGENT_1).denial()).isPresent();
        assertThat(update("", bare, with(bare, STATUS, "[]"), AGENT_1).denial()).isEmpty();
    }

    @Test
    void anAgentsEventsNameItsNode() {
        ObjectNode ev = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        ev.putObject("metadata").put("name", "p.1").put("namespace", "default");
        ev.put("reportingInstance", "node-1").putObject("source").put("host", "node-1");
        var ok = evaluator.evaluate(
                policies,
                bindings,
                new AdmissionRequest("CREATE", "Event", "events", "", "default", "p.1", ev, null, AGENT_1),
                DEFAULT_NS);
        assertThat(ok.denial()).isEmpty();
        ObjectNode forged = ev.deepCopy().put("reportingInstance", "node-2");
        var refused = evaluator.evaluate(
                policies,
                bindings,
                new AdmissionRequest("CREATE", "Event", "events", "", "default", "p.1", forged, null, AGENT_1),
                DEFAULT_NS);
        assertThat(refused.denial())
                .get()
                .satisfies(d -> assertThat(d.message())
                        .contains("may create only Events whose source.host and reportingInstance are that node"));
    }
}
