package io.kubetron.webhook.patch;

import io.fabric8.kubernetes.api.model.Container;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the webhook adds to one Pod; {@link PodPatch} turns it into add operations.
 *
 * @param annotations annotations to set; an existing value under the same key is replaced (RFC 6902 add)
 * @param containers containers to append to {@code spec.containers}
 * @param firstInitContainers containers to put first in {@code spec.initContainers}, in this order, before the Pod's
 *     own init containers
 * @param readinessGates condition types to add to {@code spec.readinessGates}, each unless the Pod already has it
 */
public record PodAdditions(
        Map<String, String> annotations,
        List<Container> containers,
        List<Container> firstInitContainers,
        List<String> readinessGates) {

    public PodAdditions {
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        containers = List.copyOf(containers);
        firstInitContainers = List.copyOf(firstInitContainers);
        readinessGates = List.copyOf(readinessGates);
    }

    /** Nothing to add. */
    public static PodAdditions none() {
        return new PodAdditions(Map.of(), List.of(), List.of(), List.of());
    }

    public PodAdditions withAnnotations(Map<String, String> add) {
        return new PodAdditions(add, containers, firstInitContainers, readinessGates);
    }

    public PodAdditions withContainers(List<Container> add) {
        return new PodAdditions(annotations, add, firstInitContainers, readinessGates);
    }

    public PodAdditions withFirstInitContainers(List<Container> add) {
        return new PodAdditions(annotations, containers, add, readinessGates);
    }

    public PodAdditions withReadinessGates(List<String> add) {
        return new PodAdditions(annotations, containers, firstInitContainers, add);
    }
}
