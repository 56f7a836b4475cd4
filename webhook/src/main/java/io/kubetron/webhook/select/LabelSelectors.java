package io.kubetron.webhook.select;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Whether a label selector selects a set of labels, as the API server and controllers decide it
 * ({@code kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector}
 * and {@code pkg/labels/selector.go Requirement.Matches}): every {@code matchLabels} entry and every {@code
 * matchExpressions} requirement must hold; an empty selector selects everything. Where upstream refuses a selector
 * (an unknown operator, In or NotIn without values, Exists or DoesNotExist with values) nothing is selected. Pure.
 */
public final class LabelSelectors {
    private LabelSelectors() {}

    /** Whether {@code selector} selects {@code labels}; a null selector selects nothing. */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!java.util.Objects.equals(e.getValue(), have.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                if (!holds(r, have)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement r, Map<String, String> labels) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String key = r.getKey();
        String op = r.getOperator() == null ? "" : r.getOperator();
        return switch (op) {
            case "In" -> !values.isEmpty() && labels.containsKey(key) && values.contains(labels.get(key));
            // NotIn holds for a label that is absent, as upstream's Matches does
            case "NotIn" -> !values.isEmpty() && (!labels.containsKey(key) || !values.contains(labels.get(key)));
            case "Exists" -> values.isEmpty() && labels.containsKey(key);
            case "DoesNotExist" -> values.isEmpty() && !labels.containsKey(key);
            default -> false;
        };
    }
}
