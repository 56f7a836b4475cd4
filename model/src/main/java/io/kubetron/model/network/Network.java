package io.kubetron.model.network;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A secondary network Pods may join, as a cluster-scoped Kubernetes object
 * ({@code networks.kubetron.network.kubevirt.io/v1alpha1}, short name {@code ktnet}): either an existing backend
 * network Kubetron adopts ({@link NetworkSpec#getAdopt()}) or one it declares and creates ({@link
 * NetworkSpec#getDeclare()}); {@link NetworkSpec#getNamespaceSelector()} says whose Pods may join it. The CRD is
 * generated from these classes ({@code deploy/crds/}); {@code docs/networks.md} is the reference.
 *
 * <p>Printer columns: the API server evaluates each {@code jsonPath} (a JSONPath with filters, as the one reading the
 * Ready condition) for {@code kubectl get}; a CRD with its own columns loses the default Age column, so it is listed
 * (kubernetes/kubernetes staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/types.go
 * CustomResourceColumnDefinition).
 */
@Group(Network.GROUP)
@Version(Network.VERSION)
@Kind("Network")
@Plural("networks")
@Singular("network")
@ShortNames("ktnet")
@AdditionalPrinterColumn(
        name = "Backend",
        jsonPath = ".status.backendName",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "The backend network (OVN logical switch or Neutron network) this object stands for")
@AdditionalPrinterColumn(
        name = "Adopted",
        jsonPath = ".status.adopted",
        type = AdditionalPrinterColumn.Type.BOOLEAN,
        getDescription = "Whether the backend network existed before (adopted, never deleted by Kubetron)")
@AdditionalPrinterColumn(
        name = "Ready",
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
        type = AdditionalPrinterColumn.Type.STRING,
        getDescription = "Whether Pods can join the network now")
@AdditionalPrinterColumn(
        name = "Ports",
        jsonPath = ".status.portsInUse",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Ports on the backend network")
@AdditionalPrinterColumn(
        name = "Free",
        jsonPath = ".status.freeAddresses",
        type = AdditionalPrinterColumn.Type.INTEGER,
        getDescription = "Addresses left to give: the subnet less gateway, excluded and used addresses")
@AdditionalPrinterColumn(
        name = "Age",
        jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Network extends CustomResource<NetworkSpec, NetworkStatus> {
    private static final long serialVersionUID = 1L;

    public static final String GROUP = "kubetron.network.kubevirt.io";
    public static final String VERSION = "v1alpha1";
    /** {@code apiVersion} of the objects. */
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The CRD's name. */
    public static final String CRD_NAME = "networks." + GROUP;
    /**
     * On declared Networks only: the controller removes it once the backend network it created is gone (deleted when
     * no port was left on it).
     */
    public static final String FINALIZER = GROUP + "/network-cleanup";

    public Network() {}

    /** An empty Network named {@code name}; set its spec. */
    public static Network named(String name) {
        Network n = new Network();
        n.getMetadata().setName(name);
        return n;
    }

    /**
     * The name or id the backend network is looked up by: {@code adopt.id}, else {@code adopt.name}, else (declared)
     * this object's name, which is the backend network's name.
     */
    public String backendRef() {
        AdoptedNetwork a = getSpec() == null ? null : getSpec().getAdopt();
        if (a != null && a.getId() != null && !a.getId().isEmpty()) {
            return a.getId();
        }
        if (a != null && a.getName() != null && !a.getName().isEmpty()) {
            return a.getName();
        }
        return getMetadata() == null ? null : getMetadata().getName();
    }

    /** Whether this object adopts an existing backend network (never created nor deleted by Kubetron). */
    @JsonIgnore
    public boolean adopted() {
        return getSpec() != null && getSpec().getAdopt() != null;
    }

    /**
     * Which namespaces' Pods may join: null when none may (no selector given); an empty selector selects every
     * namespace. Never throws.
     */
    public LabelSelector namespaceSelector() {
        return getSpec() == null ? null : getSpec().getNamespaceSelector();
    }
}
