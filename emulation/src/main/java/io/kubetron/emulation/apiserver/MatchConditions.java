package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The matchConditions of a webhook or a ValidatingAdmissionPolicy, decided as {@code kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions/matcher.go} {@code Match} decides: every
 * condition is evaluated; one that is false means no match, whatever the others gave; otherwise errors follow the
 * failurePolicy: {@code Ignore} means no match, {@code Fail} (the default) an error that refuses the request. Pure.
 */
final class MatchConditions {
    private MatchConditions() {}

    /**
     * @param matches whether the conditions hold
     * @param failedCondition the name of the first false condition, or null
     * @param error the errors (one, or utilerrors' aggregate form {@code [a, b]}) under failurePolicy Fail, or null
     */
    record Result(boolean matches, String failedCondition, String error) {}

    static Result match(AdmissionCel cel, List<MatchCondition> conditions, Map<String, Object> vars, String policy) {
        List<String> errors = new ArrayList<>();
        for (MatchCondition c : conditions == null ? List.<MatchCondition>of() : conditions) {
            try {
                if (!cel.test(c.getExpression(), vars)) {
                    return new Result(false, c.getName(), null);
                }
            } catch (AdmissionCel.CelException e) {
                errors.add(e.getMessage());
            }
        }
        if (errors.isEmpty()) {
            return new Result(true, null, null);
        }
        if ("Ignore".equals(policy)) {
            return new Result(false, null, null);
        }
        return new Result(false, null, errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
    }
}
