package io.kubetron.webhook.review;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** Null-safe reads of the Pod fields the handlers look at. */
public final class PodFacts {
    private PodFacts() {}

    /** The annotations, empty when the Pod has none. */
    public static Map<String, String> annotations(Pod pod) {
        if (pod == null || pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null) {
            return Map.of();
        }
        return pod.getMetadata().getAnnotations();
    }

    public static List<Container> containers(Pod pod) {
        if (pod == null || pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return List.of();
        }
        return pod.getSpec().getContainers();
    }

    public static List<Container> initContainers(Pod pod) {
        if (pod == null || pod.getSpec() == null || pod.getSpec().getInitContainers() == null) {
            return List.of();
        }
        return pod.getSpec().getInitContainers();
    }

    /** The Pod's name: the request's, else its own metadata's; empty while the API server has yet to generate it. */
    public static String name(ReviewRequest req, Pod pod) {
        if (req.name() != null && !req.name().isEmpty()) {
            return req.name();
        }
        String n = pod == null || pod.getMetadata() == null
                ? null
                : pod.getMetadata().getName();
        return n == null ? "" : n;
    }

    public static String generateName(Pod pod) {
        return pod == null || pod.getMetadata() == null
                ? null
                : pod.getMetadata().getGenerateName();
    }

    public static String uid(Pod pod) {
        String uid = pod == null || pod.getMetadata() == null
                ? null
                : pod.getMetadata().getUid();
        return uid == null || uid.isEmpty() ? null : uid;
    }
}
