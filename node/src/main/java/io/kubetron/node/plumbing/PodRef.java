package io.kubetron.node.plumbing;

import io.kubetron.common.log.PodContext;

/** The Pod an attachment belongs to, as its owner tags record it. */
public record PodRef(String namespace, String name, String uid) {
    public PodRef {
        if (namespace == null
                || namespace.isEmpty()
                || name == null
                || name.isEmpty()
                || uid == null
                || uid.isEmpty()) {
            throw new IllegalArgumentException("a Pod needs a namespace, a name and a uid");
        }
    }

    public String display() {
        return namespace + "/" + name;
    }

    /** How log lines name it: {@code pod=namespace/name}. */
    public PodContext log() {
        return PodContext.of(namespace, name);
    }
}
