package io.kubetron.webhook.create;

import java.util.List;

/**
 * Told of every admission that made ports and answered with a patch: the webhook never learns whether the API server
 * then stored the Pod (later admission plugins may refuse it), so whoever listens checks that later (the lifecycle
 * controller's admission follow-up). Called on the admission's thread: must return at once.
 */
@FunctionalInterface
public interface PortsAdmitted {
    PortsAdmitted NONE = (namespace, podName, generateName, portIds) -> {};

    /**
     * @param podName the Pod's name, or null when the API server has yet to generate it
     * @param generateName the name prefix when {@code podName} is null
     */
    void admitted(String namespace, String podName, String generateName, List<String> portIds);
}
