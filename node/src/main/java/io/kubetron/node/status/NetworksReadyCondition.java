package io.kubetron.node.status;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.kubetron.model.PodConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and sets the {@link PodConditions#NETWORKS_READY} condition of a Pod's status, the one behind Kubetron's
 * readiness gate: True only when every interface of the Pod is up and addressed, so a Pod that lists the gate in
 * {@code spec.readinessGates} is never Ready without its networks. Pure.
 */
public final class NetworksReadyCondition {
    private NetworksReadyCondition() {}

    /** The Pod's condition, if it has one. */
    public static Optional<PodCondition> of(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> PodConditions.NETWORKS_READY.equals(c.getType()))
                .findFirst();
    }

    /** Whether the Pod's condition already says this (then no write is needed). */
    public static boolean says(Pod pod, boolean ready, String reason, String message) {
        return of(pod).filter(c -> c.getStatus().equals(ready ? "True" : "False")
                        && Objects.equals(c.getReason(), reason)
                        && Objects.equals(c.getMessage(), message))
                .isPresent();
    }

    /**
     * The Pod's conditions with ours set; the transition time moves only when the status changes, as Kubernetes
     * conditions do.
     */
    public static List<PodCondition> with(Pod pod, boolean ready, String reason, String message, Instant now) {
        List<PodCondition> out = new ArrayList<>();
        String status = ready ? "True" : "False";
        String since = of(pod).filter(c -> status.equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .orElse(now.toString());
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream()
                    .filter(c -> !PodConditions.NETWORKS_READY.equals(c.getType()))
                    .forEach(out::add);
        }
        out.add(new PodConditionBuilder()
                .withType(PodConditions.NETWORKS_READY)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastTransitionTime(since)
                .withLastProbeTime(null)
                .build());
        return out;
    }
}
