package io.kubetron.webhook.review;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.common.log.PodContext;

/**
 * The parts of an admission.k8s.io/v1 {@code AdmissionRequest} the webhook uses.
 *
 * @param uid the request uid, echoed in the response and recorded on the ports as their creating request
 * @param operation {@code CREATE}, {@code DELETE}, ...
 * @param resource the resource, {@code pods} for the requests the webhook is registered for
 * @param subResource a sub-resource ({@code ephemeralcontainers}...), or empty
 * @param namespace the request's namespace (a new Pod's own {@code metadata.namespace} may be empty)
 * @param name the Pod's name, empty when the API server will generate it from {@code generateName}
 * @param dryRun true when the API server will not persist anything: the webhook must have no side effect
 * @param object the Pod being created, or null
 * @param oldObject the Pod being deleted, or null
 */
public record ReviewRequest(
        String uid,
        String operation,
        String resource,
        String subResource,
        String namespace,
        String name,
        boolean dryRun,
        Pod object,
        Pod oldObject) {

    /** {@code namespace/name} (or {@code namespace/generateName*}) for logs and messages. */
    public String podDisplay() {
        return logContext().value();
    }

    /** The Pod as log lines name it ({@code pod=namespace/name}, or {@code namespace/generateName*}). */
    public PodContext logContext() {
        String n = name;
        if ((n == null || n.isEmpty()) && object != null && object.getMetadata() != null) {
            n = object.getMetadata().getGenerateName() == null
                    ? ""
                    : object.getMetadata().getGenerateName() + "*";
        }
        return PodContext.of(namespace, n);
    }
}
