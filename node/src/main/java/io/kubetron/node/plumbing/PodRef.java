package io.kubetron.node.plumbing;

import io.kubetron.common.log.PodContext;
import io.kubetron.model.owner.PortOwner;
import java.util.Map;

/** The Pod an attachment belongs to, as its owner tags record it ({@link #owner()}). */
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

    /** The owner record the agent writes on the Pod's interfaces. */
    public PortOwner owner() {
        return new PortOwner(namespace, name, null, uid, null);
    }

    /** Whether an interface's tags name this Pod as their owner, by the one rule of {@link PortOwner#matches}. */
    public boolean owns(Map<String, String> externalIds) {
        PortOwner o = PortOwner.fromTags(externalIds);
        return o != null && o.matches(namespace, name, uid);
    }

    /** How log lines name it: {@code pod=namespace/name}. */
    public PodContext log() {
        return PodContext.of(namespace, name);
    }
}
