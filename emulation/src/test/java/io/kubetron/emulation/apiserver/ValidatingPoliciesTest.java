package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Matching, decisions and wording of ValidatingAdmissionPolicy, request by request. */
class ValidatingPoliciesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private final ValidatingPolicies evaluator = new ValidatingPolicies(new AdmissionCel());

    private static ValidatingAdmissionPolicy policy(String spec) {
        return YAML.unmarshal(
                "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\n"
                        + "spec:\n" + spec.indent(2),
                ValidatingAdmissionPolicy.class);
    }

    private static ValidatingAdmissionPolicyBinding binding(String name, String actions, String more) {
        return YAML.unmarshal(
                "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: "
                        + name + "}\nspec:\n  policyName: p\n  validationActions: " + actions + "\n" + more.indent(2),
                ValidatingAdmissionPolicyBinding.class);
    }

    private static JsonNode pod(String labels) {
        return JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":"
                + "\"default\",\"labels\":" + labels + "},\"spec\":{\"nodeName\":\"node-1\"}}");
    }

    private static AdmissionRequest update(String sub, JsonNode old, JsonNode now) {
        return new AdmissionRequest("UPDATE", "Pod", "pods", sub, "default", "web", now, old, UserInfo.admin());
    }

    private Optional<ValidatingPolicies.Denial> deny(ValidatingAdmissionPolicy p, AdmissionRequest r) {
        return evaluator
                .evaluate(List.of(p), List.of(binding("b", "[Deny]", "")), r, Map.of())
                .denial();
    }

    private static String rule(String resources) {
        return """
                matchConstraints:
                  resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: %s}
                validations:
                  - expression: "false"
                """.formatted(resources);
    }

    @Test
    void resourceRulesMatchTheSubresourceFormsAsRulesGoDoes() {
        JsonNode p = pod("{}");
        Map<String, List<Boolean>> expected = Map.of(
                "[pods]", List.of(true, false),
                "[pods/status]", List.of(false, true),
                "['*']", List.of(true, false),
                "['*/*']", List.of(true, true),
                "['*/status']", List.of(false, true),
                "['pods/*']", List.of(true, true),
                "[configmaps]", List.of(false, false));
        expected.forEach((resources, want) -> {
            assertThat(deny(policy(rule(resources)), update("", p, p)).isPresent())
                    .as("%s on pods", resources)
                    .isEqualTo(want.get(0));
            assertThat(deny(policy(rule(resources)), update("status", p, p)).isPresent())
                    .as("%s on pods/status", resources)
                    .isEqualTo(want.get(1));
        });
    }

    @Test
    void excludeRulesAndTheObjectSelectorOnTheNewOrTheOldObject() {
        ValidatingAdmissionPolicy excluded = policy("""
                matchConstraints:
                  resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["*"], resources: ["*/*"]}
                  excludeResourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["pods/status"]}
                validations:
                  - expression: "false"
                """);
        JsonNode p = pod("{}");
        assertThat(deny(excluded, update("status", p, p))).isEmpty();
        assertThat(deny(excluded, update("", p, p))).isPresent();

        ValidatingAdmissionPolicy selected = policy("""
                matchConstraints:
                  resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["pods"]}
                  objectSelector: {matchLabels: {guarded: "yes"}}
                validations:
                  - expression: "false"
                """);
        JsonNode guarded = pod("{\"guarded\":\"yes\"}");
        assertThat(deny(selected, update("", guarded, p))).as("label removed").isPresent();
        assertThat(deny(selected, update("", p, guarded))).as("label added").isPresent();
        assertThat(deny(selected, update("", p, p))).isEmpty();
    }

    @Test
    void reasonsGiveTheirCodesAndTheMessageFallsBackAsValidatorGoDoes() {
        Map<String, Integer> codes =
                Map.of("Forbidden", 403, "Unauthorized", 401, "RequestEntityTooLarge", 413, "Invalid", 422);
        JsonNode p = pod("{}");
        codes.forEach((reason, code) -> assertThat(deny(
                        policy(rule("[pods]") + "    reason: " + reason + "\n    message: no\n"), update("", p, p)))
                .get()
                .satisfies(d -> {
                    assertThat(d.code()).isEqualTo(code);
                    assertThat(d.reason()).isEqualTo(reason);
                }));
        // a messageExpression that fails, or gives a blank string, falls back to message, then to the expression
        assertThat(deny(
                                policy(rule("[pods]") + "    messageExpression: object.nothing\n    message: plain\n"),
                                update("", p, p))
                        .get()
                        .message())
                .endsWith("denied request: plain");
        assertThat(deny(policy(rule("[pods]") + "    messageExpression: \"' '\"\n"), update("", p, p))
                        .get()
                        .message())
                .isEqualTo("pods \"web\" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' denied "
                        + "request: failed expression: false");
    }

    @Test
    void aFalseMatchConditionWinsOverAnErrorAndErrorsFollowTheFailurePolicy() {
        JsonNode p = pod("{}");
        String conditions = """
                matchConditions:
                  - {name: broken, expression: "object.metadata.labels.zone == 'eu'"}
                  - {name: off, expression: "%s"}
                """;
        assertThat(deny(policy(rule("[pods]") + conditions.formatted("false")), update("", p, p)))
                .isEmpty();
        assertThat(deny(policy(rule("[pods]") + conditions.formatted("true")), update("", p, p)))
                .get()
                .satisfies(d -> {
                    assertThat(d.code()).isEqualTo(422);
                    assertThat(d.message()).contains("expression 'object.metadata.labels.zone == 'eu'' resulted in");
                });
        assertThat(deny(
                        policy(rule("[pods]") + conditions.formatted("true") + "failurePolicy: Ignore\n"),
                        update("", p, p)))
                .isEmpty();
    }

    @Test
    void aVariableThatFailsFailsOnlyTheValidationsThatReadIt() {
        JsonNode p = pod("{}");
        String spec = """
                failurePolicy: Fail
                matchConstraints:
                  resourceRules:
                    - {apiGroups: [""], apiVersions: ["v1"], operations: ["UPDATE"], resources: ["pods"]}
                variables:
                  - {name: zone, expression: "object.metadata.labels.zone"}
                  - {name: node, expression: "object.spec.nodeName"}
                validations:
                  - {expression: "variables.node == 'node-1'", message: "wrong node"}
                  - {expression: "%s", message: "never"}
                """;
        assertThat(deny(policy(spec.formatted("true")), update("", p, p))).isEmpty();
        assertThat(deny(policy(spec.formatted("variables.zone == 'eu'")), update("", p, p)))
                .get()
                .satisfies(d -> assertThat(d.message()).contains("composited variable \"zone\" fails to evaluate"));
    }

    @Test
    void everyBindingDecidesAndTheFirstDenialAnswers() {
        JsonNode p = pod("{}");
        var outcome = evaluator.evaluate(
                List.of(policy(rule("[pods]") + "    message: no\n")),
                List.of(
                        binding("warn", "[Warn]", ""),
                        binding("deny-1", "[Deny]", ""),
                        binding("deny-2", "[Deny, Audit]", ""),
                        binding("elsewhere", "[Deny]", "matchResources:\n  namespaceSelector: {matchLabels: {x: y}}")),
                update("", p, p),
                Map.of());
        assertThat(outcome.denial())
                .get()
                .satisfies(d -> assertThat(d.message()).contains("binding 'deny-1'"));
        assertThat(outcome.warnings())
                .containsExactly("Validation failed for ValidatingAdmissionPolicy 'p' with binding 'warn': no");
        assertThat(outcome.audit())
                .extracting(ValidatingPolicies.AuditRecord::binding)
                .containsExactly("deny-2");
    }
}
