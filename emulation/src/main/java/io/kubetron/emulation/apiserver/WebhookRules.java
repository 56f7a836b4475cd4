package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Decides, as an API server does, whether one webhook of a MutatingWebhookConfiguration is called for a Pod request:
 * its {@code rules} (operation, group, version, resource), {@code namespaceSelector} and {@code objectSelector}, and
 * its {@code matchConditions}, CEL run by {@link AdmissionCel} with {@code object}, {@code oldObject} and
 * {@code request} (no {@code namespaceObject}: {@code staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/
 * filter.go} gives webhooks none), decided by {@link MatchConditions} under the webhook's failurePolicy: a false
 * condition skips the webhook, errors skip it under {@code Ignore} and fail the request under {@code Fail}
 * ({@code .../webhook/generic/webhook.go} {@code ShouldCallHook}). Thread-safe.
 */
final class WebhookRules {
    private static final AdmissionCel CEL = new AdmissionCel();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private WebhookRules() {}

    /** matchConditions that could not be evaluated, under failurePolicy Fail. */
    static final class MatchConditionException extends RuntimeException {
        MatchConditionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param operation CREATE or DELETE
     * @param namespaceLabels the labels of the request's namespace
     * @param object the Pod being created (null for DELETE)
     * @param oldObject the Pod being deleted (null for CREATE)
     * @throws MatchConditionException when a matchCondition fails to compile or to evaluate and the webhook's
     *     failurePolicy is Fail (with Ignore, such a webhook is skipped)
     */
    public static boolean applies(
            MutatingWebhook w, String operation, Map<String, String> namespaceLabels, Pod object, Pod oldObject) {
        return applies(w, operation, namespaceLabels, object, oldObject, UserInfo.admin());
    }

    /** {@link #applies(MutatingWebhook, String, Map, Pod, Pod)} for a request made by {@code user}. */
    public static boolean applies(
            MutatingWebhook w,
            String operation,
            Map<String, String> namespaceLabels,
            Pod object,
            Pod oldObject,
            UserInfo user) {
        boolean ruled = w.getRules().stream().anyMatch(r -> matches(r, operation));
        if (!ruled || !selects(w.getNamespaceSelector(), namespaceLabels)) {
            return false;
        }
        Pod subject = object != null ? object : oldObject;
        if (!selectsObject(w.getObjectSelector(), labels(object), labels(oldObject))) {
            return false;
        }
        AdmissionRequest request = new AdmissionRequest(
                operation,
                "Pod",
                "pods",
                "",
                subject.getMetadata().getNamespace(),
                subject.getMetadata().getName(),
                tree(object),
                tree(oldObject),
                user);
        MatchConditions.Result r =
                MatchConditions.match(CEL, w.getMatchConditions(), request.celVariables(), w.getFailurePolicy());
        if (r.error() != null) {
            throw new MatchConditionException(r.error(), null);
        }
        return r.matches();
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

    /**
     * objectSelector as {@code staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/predicates/object/
     * matcher.go}: an empty selector selects everything; otherwise the new object's labels or the old one's (an
     * absent object has none).
     */
    static boolean selectsObject(LabelSelector s, Map<String, String> object, Map<String, String> oldObject) {
        if (s == null
                || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                        && (s.getMatchExpressions() == null
                                || s.getMatchExpressions().isEmpty()))) {
            return true;
        }
        return (object != null && selects(s, object)) || (oldObject != null && selects(s, oldObject));
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

    /** One condition alone; its errors name it. */
    static boolean evaluate(MatchCondition c, AdmissionRequest request) {
        try {
            return CEL.test(c.getExpression(), request.celVariables());
        } catch (AdmissionCel.CelException e) {
            throw new MatchConditionException("matchCondition '" + c.getName() + "': " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(Pod p) {
        return p == null ? null : JSON.readTree(SERIALIZATION.asJson(p));
    }

    /** The Pod's labels; null for no Pod. */
    private static Map<String, String> labels(Pod p) {
        if (p == null) {
            return null;
        }
        return p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    }
}
