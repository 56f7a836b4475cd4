package io.kubetron.webhook.select;

import io.kubetron.model.selection.AttachmentRequest;

/**
 * Finds what an attachment a Pod asks for stands for, and whether the Pod's namespace may join it. Implementations
 * answer from memory (admission must be fast) and are thread-safe.
 */
public interface NetworkDirectory {

    /**
     * @param request the attachment (its namespace is the one written, or the Pod's)
     * @param original whether it came from the original annotation, whose names are backend networks or Networks
     * @param podNamespace the Pod's namespace
     */
    Resolution resolve(AttachmentRequest request, boolean original, String podNamespace);

    /**
     * Whether Pods' {@code k8s.v1.cni.cncf.io/networks} is read at all: without the cluster's objects nothing says
     * which of its names are Kubetron's, so they are all another implementation's.
     */
    default boolean readsStandardAnnotation() {
        return true;
    }

    /**
     * The original's behaviour: the original annotation's names are backend networks any namespace may join; the
     * standard annotation is left to whoever else reads it.
     */
    NetworkDirectory BACKEND = new NetworkDirectory() {
        @Override
        public Resolution resolve(AttachmentRequest request, boolean original, String podNamespace) {
            return original
                    ? new Resolution.Ours(request.name(), "backend network " + request.name())
                    : new Resolution.NotOurs(request.qualifiedName());
        }

        @Override
        public boolean readsStandardAnnotation() {
            return false;
        }
    };
}
