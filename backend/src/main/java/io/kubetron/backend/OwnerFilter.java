package io.kubetron.backend;

import io.kubetron.model.owner.PortOwner;

/**
 * Selects owned ports for a listing: all of them, those of a namespace, or those whose owner record names one Pod
 * (by recorded namespace and name). A selection, not the ownership rule: whether a port is a given Pod's is
 * {@link PortOwner#matches}.
 *
 * @param namespace null for all namespaces
 * @param podName null for all Pods of the namespace
 */
public record OwnerFilter(String namespace, String podName) {
    public static final OwnerFilter ALL = new OwnerFilter(null, null);

    public static OwnerFilter pod(String namespace, String podName) {
        return new OwnerFilter(namespace, podName);
    }

    /** Parses {@code NAMESPACE/POD} or {@code NAMESPACE}. */
    public static OwnerFilter parse(String s) {
        int slash = s.indexOf('/');
        return slash < 0 ? new OwnerFilter(s, null) : new OwnerFilter(s.substring(0, slash), s.substring(slash + 1));
    }

    public boolean matches(PortOwner owner) {
        return owner != null
                && (namespace == null || namespace.equals(owner.namespace()))
                && (podName == null || podName.equals(owner.podName()));
    }
}
