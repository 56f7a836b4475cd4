package io.kubetron.backend;

/**
 * Who a port belongs to: recorded on the port itself when it is created, so rollback, garbage collection and
 * {@code kubetron port list} can find it. The creator is always {@link #CREATOR}.
 *
 * @param namespace the Pod's namespace
 * @param podName the Pod's name, or null when the API server will generate it
 * @param generateName the Pod's generateName when its name is not known yet, else null
 * @param podUid the Pod's uid once known, else null
 * @param requestUid the uid of the admission request that created the port, or null
 */
public record PortOwner(String namespace, String podName, String generateName, String podUid, String requestUid) {
    /** The creator tag on everything Kubetron creates. */
    public static final String CREATOR = "kubetron";

    public PortOwner {
        if (namespace == null || namespace.isEmpty()) {
            throw new IllegalArgumentException("a port owner needs a namespace");
        }
        if ((podName == null || podName.isEmpty()) && (generateName == null || generateName.isEmpty())) {
            throw new IllegalArgumentException("a port owner needs a Pod name or generateName");
        }
    }

    /** {@code namespace/name}, or {@code namespace/generateName*} while the name is unknown. */
    public String display() {
        return namespace + "/" + (podName != null && !podName.isEmpty() ? podName : generateName + "*");
    }
}
