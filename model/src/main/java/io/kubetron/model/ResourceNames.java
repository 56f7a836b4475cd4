package io.kubetron.model;

import java.util.regex.Pattern;

/**
 * The extended resources of Kubetron's contract, {@code <namespace>/<name>}: the webhook makes every Pod with
 * networks request them and the node agent's device plugin advertises them, which is how the scheduler puts Pods on
 * nodes that can serve their networks. The namespace is configurable on both sides and must be the same.
 */
public final class ResourceNames {
    /** The resource namespace unless configured otherwise: the annotations' domain, as the original's. */
    public static final String DEFAULT_NAMESPACE = Annotations.DOMAIN;
    /** Requested once by every Pod with networks: the node agent plugs it. */
    public static final String MAIN = "main";
    /** Requested once per overlay network of a Pod. */
    public static final String OVERLAY = "overlay";

    /** The part after the {@code /} of an extended resource name (a Kubernetes qualified name's name part). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private ResourceNames() {}

    /**
     * Whether a physical network can have its own resource (named after it): a valid resource name that is neither
     * {@value #MAIN} nor {@value #OVERLAY}. The webhook refuses networks on other physnets, and the device plugin
     * does not advertise them.
     */
    public static boolean canNamePhysnet(String physnet) {
        return physnet != null && NAME.matcher(physnet).matches() && !MAIN.equals(physnet) && !OVERLAY.equals(physnet);
    }

    /** {@code <namespace>/<name>}. */
    public static String qualified(String namespace, String name) {
        return namespace + "/" + name;
    }
}
