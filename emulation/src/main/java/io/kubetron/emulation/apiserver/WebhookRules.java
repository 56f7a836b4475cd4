package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, as an API server does, whether one webhook of a MutatingWebhookConfiguration is called for a Pod request:
 * its {@code rules} (operation, group, version, resource), {@code namespaceSelector} and {@code objectSelector}, and
 * its {@code matchConditions}. Those are CEL; the emulation understands the forms Kubernetes users write for
 * annotation and label checks ({@code has(object.metadata.annotations) && 'k' in object.metadata.annotations},
 * {@code oldObject != null}, the same for labels) and refuses anything else loudly, rather than guessing. Pure.
 */
final class WebhookRules {
    private static final Pattern HAS = Pattern.compile("has\\((object|oldObject)\\.metadata\\.(annotations|labels)\\)");
    private static final Pattern IN =
            Pattern.compile("'([^']+)'\\s+in\\s+(object|oldObject)\\.metadata\\." + "(annotations|labels)");
    private static final Pattern NOT_NULL = Pattern.compile("(object|oldObject)\\s*!=\\s*null");

    private WebhookRules() {}

    /**
     * @param operation CREATE or DELETE
     * @param namespaceLabels the labels of the request's namespace
     * @param object the Pod being created (null for DELETE)
     * @param oldObject the Pod being deleted (null for CREATE)
     */
    public static boolean applies(
            MutatingWebhook w, String operation, Map<String, String> namespaceLabels, Pod object, Pod oldObject) {
        boolean ruled = w.getRules().stream().anyMatch(r -> matches(r, operation));
        if (!ruled || !selects(w.getNamespaceSelector(), namespaceLabels)) {
            return false;
        }
        Pod subject = object != null ? object : oldObject;
        if (!selects(w.getObjectSelector(), labels(subject))) {
            return false;
        }
        for (MatchCondition c : w.getMatchConditions() == null ? List.<MatchCondition>of() : w.getMatchConditions()) {
            if (!evaluate(c, object, oldObject)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(RuleWithOperations r, String operation) {
        return anyOf(r.getOperations(), operation)
                && anyOf(r.getApiGroups(), "")
                && anyOf(r.getApiVersions(), "v1")
                && anyOf(r.getResources(), "pods");
    }

    private static boolean anyOf(List<String> values, String wanted) {
        return values != null && (values.contains("*") || values.contains(wanted));
    }

    /** A label selector; an absent one selects everything. */
    static boolean selects(LabelSelector s, Map<String, String> labels) {
        if (s == null) {
            return true;
        }
        if (s.getMatchLabels() != null) {
            for (var e : s.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        for (LabelSelectorRequirement r :
                s.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of() : s.getMatchExpressions()) {
            String v = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> v != null && r.getValues().contains(v);
                case "NotIn" -> v == null || !r.getValues().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> throw new IllegalArgumentException("unknown selector operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean evaluate(MatchCondition c, Pod object, Pod oldObject) {
        boolean result = true;
        for (String clause : c.getExpression().split("&&")) {
            String t = clause.strip();
            Matcher m;
            if ((m = NOT_NULL.matcher(t)).matches()) {
                result &= pick(m.group(1), object, oldObject) != null;
            } else if ((m = HAS.matcher(t)).matches()) {
                Pod p = pick(m.group(1), object, oldObject);
                result &= p != null && !map(p, m.group(2)).isEmpty();
            } else if ((m = IN.matcher(t)).matches()) {
                Pod p = pick(m.group(2), object, oldObject);
                result &= p != null && map(p, m.group(3)).containsKey(m.group(1));
            } else {
                throw new UnsupportedOperationException("matchCondition '" + c.getName() + "': the emulated API "
                        + "server does not understand the CEL clause '" + t + "'");
            }
        }
        return result;
    }

    private static Pod pick(String which, Pod object, Pod oldObject) {
        return which.equals("object") ? object : oldObject;
    }

    private static Map<String, String> map(Pod p, String which) {
        Map<String, String> m = which.equals("labels")
                ? p.getMetadata().getLabels()
                : p.getMetadata().getAnnotations();
        return m == null ? Map.of() : m;
    }

    private static Map<String, String> labels(Pod p) {
        return p == null || p.getMetadata().getLabels() == null
                ? Map.of()
                : p.getMetadata().getLabels();
    }
}
