package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchResources;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ValidatingAdmissionPolicy as the API server runs it, after the mutating webhooks ({@code kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/dispatcher.go} and {@code .../policy/matching/
 * matching.go}): a policy applies through each of its bindings whose {@code matchResources} and whose policy's
 * {@code matchConstraints} select the request; its {@code matchConditions} must all hold; its {@code variables} are
 * computed (here eagerly, in order; upstream lazily); the first validation that does not hold decides, with its
 * message (or messageExpression) and reason. A binding's {@code Deny} refuses the request, {@code Warn} adds a warning,
 * {@code Audit} is dropped here. An expression that fails follows the policy's failurePolicy (default Fail). Policies
 * with {@code paramKind} are refused loudly: the emulation has no params. Thread-safe.
 */
public final class ValidatingPolicies {
    private final AdmissionCel cel;

    public ValidatingPolicies(AdmissionCel cel) {
        this.cel = cel;
    }

    /** A refusal, worded and coded as the API server's. */
    public record Denial(int code, String reason, String message) {}

    /** What the policies decided: the first denial, if any, and the warnings. */
    public record Outcome(Optional<Denial> denial, List<String> warnings) {}

    /**
     * @param namespaceLabels the labels of the request's namespace (empty for cluster-scoped resources)
     */
    public Outcome evaluate(
            List<ValidatingAdmissionPolicy> policies,
            List<ValidatingAdmissionPolicyBinding> bindings,
            AdmissionRequest request,
            Map<String, String> namespaceLabels) {
        List<String> warnings = new ArrayList<>();
        Denial first = null;
        List<ValidatingAdmissionPolicy> sorted = new ArrayList<>(policies);
        sorted.sort(Comparator.comparing(p -> p.getMetadata().getName()));
        for (ValidatingAdmissionPolicy p : sorted) {
            if (!matches(p.getSpec().getMatchConstraints(), request, namespaceLabels, true)) {
                continue;
            }
            for (ValidatingAdmissionPolicyBinding b : bindings) {
                if (!p.getMetadata().getName().equals(b.getSpec().getPolicyName())
                        || !matches(b.getSpec().getMatchResources(), request, namespaceLabels, false)) {
                    continue;
                }
                Optional<Denial> d = decide(p, b, request);
                if (d.isEmpty()) {
                    continue;
                }
                List<String> actions = b.getSpec().getValidationActions();
                if (actions.contains("Warn")) {
                    warnings.add(d.get().message());
                }
                if (actions.contains("Deny") && first == null) {
                    first = d.get();
                }
            }
        }
        return new Outcome(Optional.ofNullable(first), warnings);
    }

    private Optional<Denial> decide(
            ValidatingAdmissionPolicy p, ValidatingAdmissionPolicyBinding b, AdmissionRequest r) {
        String prefix = "ValidatingAdmissionPolicy '" + p.getMetadata().getName() + "' with binding '"
                + b.getMetadata().getName() + "' denied request: ";
        if (p.getSpec().getParamKind() != null) {
            throw new UnsupportedOperationException(
                    "policy " + p.getMetadata().getName() + ": paramKind is not emulated");
        }
        boolean failOpen = "Ignore".equals(p.getSpec().getFailurePolicy());
        Map<String, Object> vars = new LinkedHashMap<>(r.celVariables());
        try {
            for (MatchCondition c : nonNull(p.getSpec().getMatchConditions())) {
                if (!cel.test(c.getExpression(), vars)) {
                    return Optional.empty();
                }
            }
            Map<String, Object> computed = new LinkedHashMap<>();
            vars.put("variables", computed);
            for (Variable v : nonNull(p.getSpec().getVariables())) {
                computed.put(v.getName(), cel.evaluate(v.getExpression(), vars));
            }
            for (Validation v : nonNull(p.getSpec().getValidations())) {
                if (cel.test(v.getExpression(), vars)) {
                    continue;
                }
                String reason = v.getReason() == null || v.getReason().isEmpty() ? "Invalid" : v.getReason();
                return Optional.of(new Denial(code(reason), reason, forbidden(r, prefix + message(v, vars))));
            }
            return Optional.empty();
        } catch (AdmissionCel.CelException e) {
            if (failOpen) {
                return Optional.empty();
            }
            return Optional.of(new Denial(422, "Invalid", forbidden(r, prefix + e.getMessage())));
        }
    }

    private String message(Validation v, Map<String, Object> vars) {
        if (v.getMessageExpression() != null && !v.getMessageExpression().isBlank()) {
            try {
                Object m = cel.evaluate(v.getMessageExpression(), vars);
                if (m instanceof String s && !s.isBlank()) {
                    return s;
                }
            } catch (AdmissionCel.CelException e) {
                // upstream falls back to message, then to the expression, when messageExpression fails
            }
        }
        if (v.getMessage() != null && !v.getMessage().isBlank()) {
            return v.getMessage();
        }
        return "failed expression: " + v.getExpression();
    }

    /** admission.NewForbidden: {@code <resource> "<name>" is forbidden: <message>}. */
    private static String forbidden(AdmissionRequest r, String message) {
        return r.resource() + " \"" + (r.name() == null ? "" : r.name()) + "\" is forbidden: " + message;
    }

    /** dispatcher.go reasonToCode. */
    static int code(String reason) {
        return switch (reason) {
            case "Forbidden" -> 403;
            case "Unauthorized" -> 401;
            case "RequestEntityTooLarge" -> 413;
            default -> 422;
        };
    }

    /**
     * Whether {@code m} selects the request. A policy without constraints selects nothing (the API server refuses
     * such a policy); a binding without matchResources selects everything its policy does.
     */
    static boolean matches(
            MatchResources m, AdmissionRequest r, Map<String, String> namespaceLabels, boolean required) {
        if (m == null) {
            return !required;
        }
        List<NamedRuleWithOperations> rules = nonNull(m.getResourceRules());
        if (!rules.isEmpty() && rules.stream().noneMatch(x -> rule(x, r))) {
            return false;
        }
        if (required && rules.isEmpty()) {
            return false;
        }
        if (nonNull(m.getExcludeResourceRules()).stream().anyMatch(x -> rule(x, r))) {
            return false;
        }
        if (r.namespace() != null && !r.namespace().isEmpty() && !selects(m.getNamespaceSelector(), namespaceLabels)) {
            return false;
        }
        return selects(m.getObjectSelector(), r.objectLabels());
    }

    private static boolean rule(NamedRuleWithOperations x, AdmissionRequest r) {
        return any(x.getOperations(), r.operation())
                && any(x.getApiGroups(), "")
                && any(x.getApiVersions(), "v1")
                && resource(x.getResources(), r)
                && (nonNull(x.getResourceNames()).isEmpty()
                        || x.getResourceNames().contains(r.name()));
    }

    /** {@code pods}, {@code pods/status}, {@code *}, {@code *}{@code /status}, {@code pods/*}: matching.go's forms. */
    private static boolean resource(List<String> resources, AdmissionRequest r) {
        for (String s : nonNull(resources)) {
            String[] parts = s.split("/", 2);
            String res = parts[0];
            String sub = parts.length == 2 ? parts[1] : "";
            boolean resOk = res.equals("*") || res.equals(r.resource());
            boolean subOk =
                    parts.length == 1 ? r.subResource().isEmpty() : sub.equals("*") || sub.equals(r.subResource());
            if (s.equals("*") ? r.subResource().isEmpty() : resOk && subOk) {
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

    private static <T> List<T> nonNull(List<T> l) {
        return l == null ? List.of() : l;
    }
}
