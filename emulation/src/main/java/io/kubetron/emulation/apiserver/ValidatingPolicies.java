package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import io.kubetron.emulation.apiserver.cel.CompositedVariables;
import io.kubetron.emulation.apiserver.cel.JsonValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * ValidatingAdmissionPolicy as the API server runs it, after the mutating webhooks. Emulated from {@code
 * kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/}:
 *
 * <ul>
 *   <li>{@code dispatcher.go} {@code Dispatch}: a policy whose {@code matchConstraints} select the request is
 *       applied through each of its bindings whose {@code matchResources} select it too (a policy with no binding
 *       does nothing); each failed validation is a decision that the binding's {@code validationActions} turn into
 *       a refusal ({@code Deny}), a warning ({@code Warn}: {@code Validation failed for ValidatingAdmissionPolicy
 *       '<p>' with binding '<b>': <message>}) and/or an audit annotation ({@code Audit}: {@code
 *       validation.policy.admission.k8s.io/validation_failure}, recorded here in {@link Outcome#audit}); the first
 *       refusal answers the request with {@code ValidatingAdmissionPolicy '<p>' with binding '<b>' denied request:
 *       <message>} wrapped by {@code admission.NewForbidden} ({@code <resource> "<name>" is forbidden: ...}), its
 *       reason (Invalid when none) and {@code reasonToCode}'s code;
 *   <li>{@code validator.go} {@code Validate}: the policy's {@code matchConditions} first ({@link MatchConditions},
 *       under the policy's failurePolicy); then every validation; an evaluation error is a refusal under {@code
 *       Fail} (the default) and nothing under {@code Ignore}; the message is the messageExpression's string (when
 *       it gives a non-blank string of one line), else {@code message}, else {@code failed expression: <expr>};
 *   <li>{@code .../plugin/cel/composition.go}: {@code variables} computed lazily ({@link CompositedVariables});
 *   <li>{@code .../plugin/cel/matching/matching.go} and {@code .../webhook/predicates/{rules,namespace,object}}:
 *       namespaceSelector, objectSelector (the new object's labels or the old one's), excludeResourceRules, then
 *       resourceRules (operations, apiGroups, apiVersions, resources with the {@code pods}, {@code pods/status},
 *       {@code *}, {@code *}{@code /status}, {@code pods/*} forms, resourceNames, scope); a binding without
 *       resourceRules matches what its policy matches.
 * </ul>
 *
 * Not emulated: {@code matchPolicy: Equivalent} (only the request's own group/version/resource is matched), {@code
 * auditAnnotations}, the CEL cost budget, and {@code paramKind}: a policy with params is refused loudly ({@link
 * UnsupportedOperationException}), since the emulation stores no params. Thread-safe.
 */
public final class ValidatingPolicies {
    private static final String VALIDATION_FAILURE = "validation.policy.admission.k8s.io/validation_failure";

    private final AdmissionCel cel;

    public ValidatingPolicies(AdmissionCel cel) {
        this.cel = cel;
    }

    /** A refusal, worded and coded as the API server's. */
    public record Denial(int code, String reason, String message) {}

    /**
     * One audit annotation of a binding with {@code Audit} ({@code dispatcher.go} {@code ValidationFailureValue}).
     *
     * @param key always {@code validation.policy.admission.k8s.io/validation_failure}
     */
    public record AuditRecord(
            String key,
            String policy,
            String binding,
            int expressionIndex,
            String message,
            List<String> validationActions) {}

    /** What the policies decided: the first refusal, if any, the warnings and the audit annotations. */
    public record Outcome(Optional<Denial> denial, List<String> warnings, List<AuditRecord> audit) {}

    /** One failed validation (or error) of one binding, before the binding's actions are applied. */
    private record Decision(int index, String reason, String message) {}

    /**
     * @param namespaceLabels the labels of the request's namespace (empty for cluster-scoped resources); {@code
     *     namespaceObject} is made of them
     */
    public Outcome evaluate(
            List<ValidatingAdmissionPolicy> policies,
            List<ValidatingAdmissionPolicyBinding> bindings,
            AdmissionRequest request,
            Map<String, String> namespaceLabels) {
        return evaluate(policies, bindings, request, namespaceObject(request.namespace(), namespaceLabels));
    }

    /**
     * @param namespace the request's Namespace object as stored (null for cluster-scoped resources): the labels
     *     namespaceSelector sees and CEL's {@code namespaceObject}
     */
    public Outcome evaluate(
            List<ValidatingAdmissionPolicy> policies,
            List<ValidatingAdmissionPolicyBinding> bindings,
            AdmissionRequest request,
            JsonNode namespace) {
        Map<String, String> nsLabels = labels(namespace);
        List<String> warnings = new ArrayList<>();
        List<AuditRecord> audit = new ArrayList<>();
        Denial first = null;
        List<ValidatingAdmissionPolicy> sorted = new ArrayList<>(policies);
        sorted.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        for (ValidatingAdmissionPolicy p : sorted) {
            if (!matches(p.getSpec().getMatchConstraints(), request, nsLabels, false)) {
                continue;
            }
            String policy = p.getMetadata().getName();
            for (ValidatingAdmissionPolicyBinding b : bindings) {
                if (!policy.equals(b.getSpec().getPolicyName())
                        || !matches(b.getSpec().getMatchResources(), request, nsLabels, true)) {
                    continue;
                }
                String binding = b.getMetadata().getName();
                List<String> actions = nonNull(b.getSpec().getValidationActions());
                for (Decision d : decide(p, request, namespace)) {
                    for (String action : actions) {
                        switch (action) {
                            case "Deny" -> {
                                if (first == null) {
                                    String reason = d.reason() == null ? "Invalid" : d.reason();
                                    String message = "ValidatingAdmissionPolicy '" + policy + "' with binding '"
                                            + binding + "' denied request: " + d.message();
                                    first = new Denial(code(reason), reason, forbidden(request, message));
                                }
                            }
                            case "Warn" ->
                                warnings.add("Validation failed for ValidatingAdmissionPolicy '" + policy
                                        + "' with binding '" + binding + "': " + d.message());
                            case "Audit" ->
                                audit.add(new AuditRecord(
                                        VALIDATION_FAILURE, policy, binding, d.index(), d.message(), actions));
                            default ->
                                throw new IllegalArgumentException(
                                        "binding " + binding + ": unknown validationAction " + action);
                        }
                    }
                }
            }
        }
        return new Outcome(Optional.ofNullable(first), List.copyOf(warnings), List.copyOf(audit));
    }

    /** validator.go Validate: the decisions that refuse (failed validations, errors under Fail). */
    private List<Decision> decide(ValidatingAdmissionPolicy p, AdmissionRequest r, JsonNode namespace) {
        if (p.getSpec().getParamKind() != null) {
            throw new UnsupportedOperationException("ValidatingAdmissionPolicy "
                    + p.getMetadata().getName() + " has a paramKind: params are not emulated");
        }
        String failurePolicy =
                p.getSpec().getFailurePolicy() == null ? "Fail" : p.getSpec().getFailurePolicy();
        boolean failOpen = "Ignore".equals(failurePolicy);
        Map<String, Object> base = new LinkedHashMap<>(r.celVariables());
        base.put("namespaceObject", JsonValues.of(celNamespace(namespace)));
        Map<String, String> expressions = new LinkedHashMap<>();
        for (Variable v : nonNull(p.getSpec().getVariables())) {
            expressions.put(v.getName(), v.getExpression());
        }
        Map<String, Object> vars = new CompositedVariables(cel, expressions, base).activation();

        MatchConditions.Result m = MatchConditions.match(cel, p.getSpec().getMatchConditions(), vars, failurePolicy);
        if (m.error() != null) {
            return List.of(new Decision(0, null, m.error()));
        }
        if (!m.matches()) {
            return List.of();
        }
        List<Decision> out = new ArrayList<>();
        List<Validation> validations = nonNull(p.getSpec().getValidations());
        for (int i = 0; i < validations.size(); i++) {
            Validation v = validations.get(i);
            try {
                if (!cel.test(v.getExpression(), vars)) {
                    String reason = v.getReason() == null || v.getReason().isEmpty() ? "Invalid" : v.getReason();
                    out.add(new Decision(i, reason, message(v, vars)));
                }
            } catch (AdmissionCel.CelException e) {
                if (!failOpen) {
                    out.add(new Decision(i, null, e.getMessage()));
                }
            }
        }
        return out;
    }

    /** validator.go: messageExpression's string, else message, else the expression. */
    private String message(Validation v, Map<String, Object> vars) {
        if (v.getMessageExpression() != null && !v.getMessageExpression().isBlank()) {
            try {
                Object m = cel.evaluate(v.getMessageExpression(), AdmissionCel.Result.STRING, vars);
                if (m instanceof String s && !s.isBlank() && !s.contains("\n")) {
                    return s.strip();
                }
            } catch (AdmissionCel.CelException e) {
                // upstream logs it and falls back to message, then to the expression
            }
        }
        if (v.getMessage() != null && !v.getMessage().isBlank()) {
            return v.getMessage().strip();
        }
        return "failed expression: " + v.getExpression().strip();
    }

    /**
     * {@code staging/src/k8s.io/apiserver/pkg/admission/errors.go} NewForbidden: {@code <resource> "<name>" is
     * forbidden: <message>}.
     */
    private static String forbidden(AdmissionRequest r, String message) {
        return r.resource() + " \"" + r.nameForErrors() + "\" is forbidden: " + message;
    }

    /** dispatcher.go reasonToCode. */
    static int code(String reason) {
        return switch (reason) {
            case "Forbidden" -> 403;
            case "Unauthorized" -> 401;
            case "RequestEntityTooLarge" -> 413;
            default -> 422; // Invalid, and anything else
        };
    }

    /**
     * matching.go Matches: whether {@code m} selects the request. A policy without constraints selects nothing (the
     * API server refuses such a policy); a binding without matchResources, or without resourceRules, selects
     * everything its policy does.
     */
    static boolean matches(
            MatchResources m, AdmissionRequest r, Map<String, String> namespaceLabels, boolean isBinding) {
        if (m == null) {
            return isBinding;
        }
        if (!namespaceSelects(m.getNamespaceSelector(), r, namespaceLabels)) {
            return false;
        }
        if (!WebhookRules.selectsObject(
                m.getObjectSelector(),
                r.object() == null ? null : r.objectLabels(),
                r.oldObject() == null ? null : r.oldObjectLabels())) {
            return false;
        }
        if (nonNull(m.getExcludeResourceRules()).stream().anyMatch(x -> rule(x, r))) {
            return false;
        }
        List<NamedRuleWithOperations> rules = nonNull(m.getResourceRules());
        if (isBinding && rules.isEmpty()) {
            return true;
        }
        return rules.stream().anyMatch(x -> rule(x, r));
    }

    /**
     * {@code .../webhook/predicates/namespace/matcher.go}: a cluster-scoped request (other than of a Namespace)
     * matches any namespaceSelector; a namespaced one is matched on its namespace's labels.
     */
    private static boolean namespaceSelects(LabelSelector s, AdmissionRequest r, Map<String, String> labels) {
        if (r.namespace() == null || r.namespace().isEmpty()) {
            return !"namespaces".equals(r.resource()) || selects(s, r.objectLabels());
        }
        return selects(s, labels);
    }

    /** {@code .../webhook/predicates/rules/rules.go} Matcher plus matching.go's resourceNames. */
    private static boolean rule(NamedRuleWithOperations x, AdmissionRequest r) {
        String scope = x.getScope() == null ? "*" : x.getScope();
        boolean namespaced = r.namespace() != null && !r.namespace().isEmpty();
        boolean scopeOk = scope.equals("*") || (scope.equals("Namespaced") == namespaced);
        return scopeOk
                && any(x.getOperations(), r.operation())
                && any(x.getApiGroups(), "")
                && any(x.getApiVersions(), "v1")
                && resource(x.getResources(), r)
                && (nonNull(x.getResourceNames()).isEmpty()
                        || x.getResourceNames().contains(r.name()));
    }

    /** rules.go resource(): {@code res/sub} split once; {@code *} matches any resource, {@code x/*} any sub. */
    private static boolean resource(List<String> resources, AdmissionRequest r) {
        for (String s : nonNull(resources)) {
            String[] parts = s.split("/", 2);
            String sub = parts.length == 2 ? parts[1] : "";
            boolean resOk = parts[0].equals("*") || parts[0].equals(r.resource());
            boolean subOk = sub.equals("*") || sub.equals(r.subResource());
            if (resOk && subOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean any(List<String> values, String wanted) {
        return values != null && (values.contains("*") || values.contains(wanted));
    }

    private static boolean selects(LabelSelector s, Map<String, String> labels) {
        return WebhookRules.selects(s, labels);
    }

    /** A Namespace object as the store would hold it, with only its name and labels. */
    static JsonNode namespaceObject(String name, Map<String, String> labels) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        ObjectNode ns =
                JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode meta = ns.putObject("metadata").put("name", name);
        ObjectNode l = meta.putObject("labels");
        labels.forEach(l::put);
        l.put("kubernetes.io/metadata.name", name);
        return ns;
    }

    /**
     * {@code .../plugin/cel/filter.go} CreateNamespaceObject: what CEL sees of the Namespace: its spec, status and
     * part of its metadata (no managedFields, ownerReferences; no apiVersion or kind either).
     */
    static JsonNode celNamespace(JsonNode namespace) {
        if (namespace == null || namespace.isNull()) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode meta = out.putObject("metadata");
        for (String f : List.of(
                "name",
                "generateName",
                "namespace",
                "uid",
                "resourceVersion",
                "generation",
                "creationTimestamp",
                "deletionTimestamp",
                "deletionGracePeriodSeconds",
                "labels",
                "annotations",
                "finalizers")) {
            if (namespace.path("metadata").has(f)) {
                meta.set(f, namespace.path("metadata").get(f).deepCopy());
            }
        }
        for (String f : List.of("spec", "status")) {
            if (namespace.has(f)) {
                out.set(f, namespace.get(f).deepCopy());
            }
        }
        return out;
    }

    private static Map<String, String> labels(JsonNode namespace) {
        Map<String, String> out = new LinkedHashMap<>();
        if (namespace != null) {
            namespace
                    .path("metadata")
                    .path("labels")
                    .properties()
                    .forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        }
        return out;
    }

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }
}
