package io.kubetron.model.owner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a port belongs to: recorded on the port itself when it is created (and on the OVS interface the node agent
 * makes for it), so rollback, garbage collection and {@code kubetron port list} can find it. Unknown fields are
 * null; an empty string counts as unknown and is stored as null, so records read back from a backend compare equal.
 *
 * @param namespace the Pod's namespace
 * @param podName the Pod's name, or null when the API server will generate it
 * @param generateName the Pod's generateName when its name is not known yet, else null
 * @param podUid the Pod's uid once known, else null (a port made at CREATE admission has none: the API server gives
 *     the Pod its uid after admission)
 * @param requestUid the uid of the admission request that created the port, or null
 */
public record PortOwner(String namespace, String podName, String generateName, String podUid, String requestUid) {

    public PortOwner {
        namespace = known(namespace);
        podName = known(podName);
        generateName = known(generateName);
        podUid = known(podUid);
        requestUid = known(requestUid);
        if (namespace == null) {
            throw new IllegalArgumentException("a port owner needs a namespace");
        }
        if (podName == null && generateName == null) {
            throw new IllegalArgumentException("a port owner needs a Pod name or generateName");
        }
    }

    /**
     * Whether this record means the Pod {@code namespace/name} with {@code uid}: the one rule by which Kubetron
     * decides that a port or an interface is a Pod's (the lifecycle controller keeping or releasing ports, the node
     * agent finding a Pod's interfaces). All of these must hold:
     *
     * <ul>
     *   <li>the namespace is the same;
     *   <li>the name is the same, or, for a record made before the API server generated the name (generateName
     *       only), the Pod's name starts with the recorded generateName;
     *   <li>where both the record and the caller know a uid, it is the same. A port made at CREATE admission carries
     *       no Pod uid, so the name decides for it; a caller that does not know the Pod's uid is answered by name.
     * </ul>
     *
     * A matching uid alone is not enough: the name (or prefix) must agree as well, so a record whose uid and name
     * disagree (edited by hand, or written by a bug) never claims a Pod. A different uid under the same name is a
     * new Pod of that name (a StatefulSet's), not the owner.
     *
     * @param namespace the Pod's namespace
     * @param name the Pod's name; null never matches
     * @param uid the Pod's uid, or null when the caller does not know it
     */
    public boolean matches(String namespace, String name, String uid) {
        if (!this.namespace.equals(namespace) || name == null) {
            return false;
        }
        if (podUid != null && known(uid) != null && !podUid.equals(uid)) {
            return false;
        }
        return podName != null ? podName.equals(name) : name.startsWith(generateName);
    }

    /** {@code namespace/name}, or {@code namespace/generateName*} while the name is unknown. */
    public String display() {
        return namespace + "/" + (podName != null ? podName : generateName + "*");
    }

    /**
     * The owner's tags: {@link OwnerKeys#NAMESPACE}, {@link OwnerKeys#POD_NAME}, {@link OwnerKeys#GENERATE_NAME},
     * {@link OwnerKeys#POD_UID}, {@link OwnerKeys#REQUEST_UID} in this order, unknown fields left out. The creator,
     * network and port name are the writer's to add.
     */
    public Map<String, String> tags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OwnerKeys.NAMESPACE, namespace);
        putKnown(m, OwnerKeys.POD_NAME, podName);
        putKnown(m, OwnerKeys.GENERATE_NAME, generateName);
        putKnown(m, OwnerKeys.POD_UID, podUid);
        putKnown(m, OwnerKeys.REQUEST_UID, requestUid);
        return m;
    }

    /** The owner recorded in {@code tags} (see {@link #tags()}), or null when they hold no complete owner record. */
    public static PortOwner fromTags(Map<String, String> tags) {
        try {
            return new PortOwner(
                    tags.get(OwnerKeys.NAMESPACE),
                    tags.get(OwnerKeys.POD_NAME),
                    tags.get(OwnerKeys.GENERATE_NAME),
                    tags.get(OwnerKeys.POD_UID),
                    tags.get(OwnerKeys.REQUEST_UID));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void putKnown(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String known(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
