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

    /** The original's behaviour: every name is a backend network, and any namespace may join any network. */
    NetworkDirectory BACKEND = (request, original, podNamespace) ->
            new Resolution.Ours(request.name(), "backend network " + request.name());
}
