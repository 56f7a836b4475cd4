package io.kubetron.model.network;

/**
 * The condition types and reasons of a {@link Network}'s status, defined once. Types and reasons are CamelCase, as
 * the API conventions ask (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go
 * Condition).
 */
public final class NetworkConditions {
    /** True: Pods can join the network. */
    public static final String READY = "Ready";
    /** True: the backend does not match the spec (or the spec is wrong); the message says what to do. */
    public static final String DEGRADED = "Degraded";

    /** Ready: the declared network was created (or found created for this object earlier). */
    public static final String CREATED = "Created";
    /** Ready: the adopted network exists. */
    public static final String ADOPTED = "Adopted";
    /** Degraded: the adopted network does not exist. */
    public static final String BACKEND_NOT_FOUND = "BackendNotFound";
    /** Degraded: the backend does not answer or failed; retried. */
    public static final String BACKEND_UNAVAILABLE = "BackendUnavailable";
    /** Degraded: the backend refused the request (conflicting or invalid as the backend sees it). */
    public static final String BACKEND_REFUSED = "BackendRefused";
    /** Degraded: the spec breaks a rule the CRD schema cannot express. */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** Degraded: a declared network's name is taken by a backend network Kubetron did not create for this object. */
    public static final String NAME_TAKEN = "NameTaken";
    /** Degraded: the spec changed in a way the backend cannot apply to an existing network. */
    public static final String CHANGE_NOT_APPLIED = "ChangeNotApplied";
    /** Ready False while the object is deleted and ports are left on the backend network. */
    public static final String PORTS_IN_USE = "PortsInUse";
    /** Ready False while the object is being deleted. */
    public static final String DELETING = "Deleting";
    /** Degraded False: nothing is wrong. */
    public static final String AS_DECLARED = "AsDeclared";

    private NetworkConditions() {}
}
