package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ValidatingAdmissionPolicies of the tests' own, enforced by the emulated API server on real client requests. */
class AdmissionPolicyTest {
    private static final String OWNER = "example.com/owner";

    private EmulatedApiServer api;
    private KubernetesClient admin;

    @BeforeEach
    void start() {
        api = EmulatedApiServer.start();
        admin = api.admin();
        api.register("agent-1", UserInfo.serviceAccount("kubetron", "kubetron-node-agent", "agent-x1", "node-1"));
        api.register("alice", new UserInfo("alice", "u-alice", List.of("system:authenticated"), Map.of()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void apply(String yaml) {
        for (HasMetadata o : admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                .items()) {
            admin.resource(o).create();
        }
    }

    private static String binding(String name, String policy, String actions, String matchResources) {
        return """
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %s}
                spec:
                  policyName: %s
                  validationActions: %s
                %s
                """.formatted(name, policy, actions, matchResources.indent(2));
    }

    private Pod pod(String namespace, String name, String node, Map<String, String> labels) {
        return admin.pods()
                .inNamespace(namespace)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withLabels(labels)
                        .addToAnnotations(OWNER, "team-a")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("app")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("False")
                        .endCondition()
                        .endStatus()
                        .build())
                .create();
    }

    private static Consumer<KubernetesClientException> refused(int code, String reason, String message) {
        return e -> {
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getStatus().getReason()).isEqualTo(reason);
            assertThat(e.getStatus().getMessage()).isEqualTo(message);
        };
    }

    private static final String OWNER_FIXED = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: owner-fixed}
            spec:
              matchConstraints:
                resourceRules:
                  - apiGroups: [""]
                    apiVersions: ["v1"]
                    operations: ["UPDATE"]
                    resources: ["pods", "pods/status"]
              validations:
                - expression: >-
                    object.metadata.?annotations[?'example.com/owner'].orValue('')
                    == oldObject.metadata.?annotations[?'example.com/owner'].orValue('')
                  message: example.com/owner is fixed
            """;

    @Test
    void anAnnotationFixedByAPolicyCannotChangeThroughAnyWriteAndTheRefusalIsTheApiServers() {
        apply(OWNER_FIXED + binding("owner-fixed-everywhere", "owner-fixed", "[Deny]", ""));
        pod("default", "web", "node-1", Map.of());
        PodResource web = api.client("alice").pods().inNamespace("default").withName("web");
        String upstream = "pods \"web\" is forbidden: ValidatingAdmissionPolicy 'owner-fixed' with binding "
                + "'owner-fixed-everywhere' denied request: example.com/owner is fixed";
        List<Runnable> writes = List.of(
                () -> web.patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"replace\",\"path\":\"/metadata/annotations/example.com~1owner\",\"value\":\"b\"}]"),
                () -> web.patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"example.com/owner\":null}}}"),
                () -> web.patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"metadata\":{\"annotations\":{\"example.com/owner\":\"team-b\"}}}"),
                () -> web.edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations(OWNER, "team-c")
                        .endMetadata()
                        .build()),
                // a status write may change the metadata too, so the policy sees it there as well
                () -> web.subresource("status")
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"example.com/owner\":\"team-d\"}}}"));
        for (Runnable w : writes) {
            // no reason given: Invalid, 422 (dispatcher.go)
            assertThatThrownBy(w::run)
                    .isInstanceOfSatisfying(KubernetesClientException.class, refused(422, "Invalid", upstream));
        }
        Pod stored = admin.pods().inNamespace("default").withName("web").get();
        assertThat(stored.getMetadata().getAnnotations()).containsEntry(OWNER, "team-a");
        assertThat(stored.getMetadata().getResourceVersion()).isNotNull();

        web.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"metadata\":{\"annotations\":{\"other\":\"x\"}}}");
        // a status write keeps the stored spec but stores the metadata it changed
        web.subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"seen\":\"yes\"}},\"spec\":{\"nodeName\":\"node-9\"}}");
        stored = admin.pods().inNamespace("default").withName("web").get();
        assertThat(stored.getMetadata().getAnnotations()).containsEntry("other", "x");
        assertThat(stored.getMetadata().getLabels()).containsEntry("seen", "yes");
        assertThat(stored.getSpec().getNodeName()).isEqualTo("node-1");
    }

    @Test
    void aBindingNarrowedToNamespacesAppliesOnlyThereWithItsMessageExpressionAndReason() {
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("shop")
                        .addToLabels("team", "a")
                        .endMetadata()
                        .build())
                .create();
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("lab")
                        .endMetadata()
                        .build())
                .create();
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: app-label}
                spec:
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
                  validations:
                    - expression: "has(object.metadata.labels) && 'app' in object.metadata.labels"
                      messageExpression: >-
                        'pod ' + object.metadata.name + ' in ' + namespaceObject.metadata.name
                        + ' (team ' + namespaceObject.metadata.labels.team + ') needs an app label'
                      reason: Forbidden
                """ + binding("app-label-team-a", "app-label", "[Deny]", """
                        matchResources:
                          namespaceSelector: {matchLabels: {team: a}}"""));
        assertThatThrownBy(() -> pod("shop", "p", null, Map.of()))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        refused(
                                403,
                                "Forbidden",
                                "pods \"p\" is forbidden: ValidatingAdmissionPolicy 'app-label' with binding "
                                        + "'app-label-team-a' denied request: pod p in shop (team a) needs an app"
                                        + " label"));
        assertThat(admin.pods().inNamespace("shop").withName("p").get()).isNull();
        pod("shop", "q", null, Map.of("app", "cart"));
        pod("lab", "p", null, Map.of());
        pod("default", "p", null, Map.of()); // not stored as a Namespace: only its name label, no team
    }

    @Test
    void aNodeAgentMayWriteTheStatusOfItsOwnNodesPodsOnly() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: own-node}
                spec:
                  matchConstraints:
                    resourceRules:
                      - apiGroups: [""]
                        apiVersions: ["v1"]
                        operations: ["UPDATE"]
                        resources: ["pods/status"]
                  matchConditions:
                    - name: is-the-agent
                      expression: "request.userInfo.username == 'system:serviceaccount:kubetron:kubetron-node-agent'"
                  variables:
                    - name: node
                      expression: >-
                        'authentication.kubernetes.io/node-name' in request.userInfo.extra
                        ? request.userInfo.extra['authentication.kubernetes.io/node-name'][0] : ''
                  validations:
                    - expression: "variables.node != '' && object.spec.nodeName == variables.node"
                      messageExpression: "'the agent of ' + variables.node + ' may not write Pods of ' + object.spec.nodeName"
                      reason: Forbidden
                """ + binding("own-node", "own-node", "[Deny]", ""));
        pod("default", "mine", "node-1", Map.of());
        pod("default", "theirs", "node-2", Map.of());
        KubernetesClient agent = api.client("agent-1");
        String ready = "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
        agent.pods()
                .inNamespace("default")
                .withName("mine")
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), ready);
        assertThat(admin.pods()
                        .inNamespace("default")
                        .withName("mine")
                        .get()
                        .getStatus()
                        .getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus())
                .containsExactly("Ready=True");

        var theirs = agent.pods().inNamespace("default").withName("theirs");
        String message = "pods \"theirs\" is forbidden: ValidatingAdmissionPolicy 'own-node' with binding "
                + "'own-node' denied request: the agent of node-1 may not write Pods of node-2";
        assertThatThrownBy(() -> theirs.subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), ready))
                .isInstanceOfSatisfying(KubernetesClientException.class, refused(403, "Forbidden", message));
        Pod stored = theirs.get();
        assertThatThrownBy(() -> agent.pods()
                        .inNamespace("default")
                        .resource(new PodBuilder(stored)
                                .editStatus()
                                .withPhase("Failed")
                                .endStatus()
                                .build())
                        .updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, refused(403, "Forbidden", message));
        assertThat(admin.pods()
                        .inNamespace("default")
                        .withName("theirs")
                        .get()
                        .getStatus()
                        .getPhase())
                .isEqualTo("Running");
        // the policy names pods/status only: the object itself, and other users, are not its business
        theirs.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        admin.pods()
                .inNamespace("default")
                .withName("theirs")
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), ready);
    }

    @Test
    void anUnknownTokenIsUnauthorizedAndNoTokenIsAnonymous() {
        assertThatThrownBy(
                        () -> api.client("nobody").pods().inNamespace("default").list())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(401));
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: no-anonymous}
                spec:
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["*"]}
                  validations:
                    - expression: "!('system:unauthenticated' in request.userInfo.groups)"
                      messageExpression: "request.userInfo.username + ' may not write'"
                      reason: Unauthorized
                """ + binding("no-anonymous", "no-anonymous", "[Deny]", ""));
        KubernetesClient anonymous = api.client(null);
        assertThatThrownBy(() -> anonymous
                        .configMaps()
                        .inNamespace("default")
                        .resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("c")
                                .endMetadata()
                                .build())
                        .create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        refused(
                                401,
                                "Unauthorized",
                                "configmaps \"c\" is forbidden: ValidatingAdmissionPolicy 'no-anonymous' with "
                                        + "binding 'no-anonymous' denied request: system:anonymous may not write"));
    }

    private static final String TIER = """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: tier}
            spec:
              failurePolicy: %s
              matchConstraints:
                resourceRules:
                  - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
              validations:
                - expression: "object.metadata.labels['tier'] == 'web'"
            """;

    @Test
    void anEvaluationErrorRefusesUnderFailAndIsIgnoredUnderIgnore() {
        apply(TIER.formatted("Fail") + binding("tier", "tier", "[Deny]", ""));
        assertThatThrownBy(() -> pod("default", "p", null, Map.of("app", "x")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage())
                            .startsWith("pods \"p\" is forbidden: ValidatingAdmissionPolicy 'tier' with binding "
                                    + "'tier' denied request: expression 'object.metadata.labels['tier'] == 'web''"
                                    + " resulted in error: ");
                });
        // a false result is a refusal under either policy
        assertThatThrownBy(() -> pod("default", "p", null, Map.of("tier", "db")))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getStatus().getMessage())
                                .endsWith(
                                        "denied request: failed expression: object.metadata.labels['tier'] == 'web'"));

        admin.resources(ValidatingAdmissionPolicy.class).withName("tier").edit(p -> {
            p.getSpec().setFailurePolicy("Ignore");
            return p;
        });
        pod("default", "p", null, Map.of("app", "x"));
        assertThatThrownBy(() -> pod("default", "q", null, Map.of("tier", "db")))
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void warnAndAuditBindingsLetTheRequestThroughWithAWarningAndAnAuditRecord() throws Exception {
        apply(TIER.formatted("Fail") + binding("tier-watch", "tier", "[Warn, Audit]", ""));
        String pod =
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"tier\":\"db\"}},"
                        + "\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"busybox\"}]}}";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(api.url()).resolve("/api/v1/namespaces/default/pods"))
                                .header("Authorization", "Bearer " + EmulatedApiServer.ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(pod))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("Warning"))
                .containsExactly("299 - \"Validation failed for ValidatingAdmissionPolicy 'tier' with binding "
                        + "'tier-watch': failed expression: object.metadata.labels['tier'] == 'web'\"");
        assertThat(api.audit())
                .containsExactly(new ValidatingPolicies.AuditRecord(
                        "validation.policy.admission.k8s.io/validation_failure",
                        "tier",
                        "tier-watch",
                        0,
                        "failed expression: object.metadata.labels['tier'] == 'web'",
                        List.of("Warn", "Audit")));
    }

    @Test
    void aDeleteIsAdmittedWithTheStoredObjectAsOldObject() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: protected}
                spec:
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [""], apiVersions: ["v1"], operations: ["DELETE"], resources: ["pods"]}
                    objectSelector: {matchLabels: {protected: "true"}}
                  validations:
                    - expression: "!(object == null && oldObject.metadata.labels.protected == 'true')"
                      messageExpression: "oldObject.metadata.name + ' is protected'"
                      reason: Forbidden
                """ + binding("protected", "protected", "[Deny]", ""));
        pod("default", "keep", null, Map.of("protected", "true"));
        pod("default", "drop", null, Map.of());
        assertThatThrownBy(() ->
                        admin.pods().inNamespace("default").withName("keep").delete())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        refused(
                                403,
                                "Forbidden",
                                "pods \"keep\" is forbidden: ValidatingAdmissionPolicy 'protected' with binding "
                                        + "'protected' denied request: keep is protected"));
        assertThat(admin.pods().inNamespace("default").withName("keep").get()).isNotNull();
        admin.pods().inNamespace("default").withName("drop").delete();
        assertThat(admin.pods().inNamespace("default").withName("drop").get()).isNull();
    }

    @Test
    void aPolicyWithParamsIsRefusedLoudly() {
        apply("""
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: with-params}
                spec:
                  paramKind: {apiVersion: v1, kind: ConfigMap}
                  matchConstraints:
                    resourceRules:
                      - {apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}
                  validations:
                    - expression: "true"
                """ + binding("with-params", "with-params", "[Deny]", ""));
        assertThatThrownBy(() -> pod("default", "p", null, Map.of()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage()).contains("paramKind");
                });
    }

    @Test
    void aPolicyWithoutABindingDoesNothing() {
        apply(TIER.formatted("Fail"));
        pod("default", "p", null, Map.of());
    }

    @Test
    void watchersSeeWhatAdmissionLetThroughAndBadPatchesGetTheApiServersCodes() throws Exception {
        pod("default", "web", "node-1", Map.of());
        CountDownLatch seen = new CountDownLatch(1);
        io.fabric8.kubernetes.client.Watch watch = admin.pods()
                .inNamespace("default")
                .withName("web")
                .watch(new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod p) {
                        if (action == Action.MODIFIED
                                && "x".equals(p.getMetadata().getAnnotations().get("seen"))) {
                            seen.countDown();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
        try {
            admin.pods()
                    .inNamespace("default")
                    .withName("web")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"seen\":\"x\"}}}");
            assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            watch.close();
        }
        var web = admin.pods().inNamespace("default").withName("web");
        assertThatThrownBy(() -> web.patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"other\"}]"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> web.patch(PatchContext.of(PatchType.SERVER_SIDE_APPLY), "{\"metadata\":{}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(415));
    }
}
