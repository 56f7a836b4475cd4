package io.kubetron.lifecycle.network;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sets a condition in a list as the API conventions ask (kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go Condition: {@code lastTransitionTime} is "the last time
 * the condition transitioned from one status to another", so it is kept while the status stays; apimachinery's
 * meta.SetStatusCondition does the same). Pure.
 */
final class Conditions {
    private Conditions() {}

    static List<Condition> set(
            List<Condition> current,
            String type,
            String status,
            String reason,
            String message,
            Long generation,
            Instant now) {
        List<Condition> out = new ArrayList<>();
        Condition old = null;
        for (Condition c : current) {
            if (type.equals(c.getType())) {
                old = c;
            } else {
                out.add(c);
            }
        }
        String since = old != null && Objects.equals(old.getStatus(), status) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime()
                : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        out.add(new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build());
        out.sort(java.util.Comparator.comparing(Condition::getType));
        return out;
    }
}
