package io.kubetron.model.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Objects;

/**
 * What a {@link Network} stands for: exactly one of {@link #getAdopt() adopt} (an existing backend network) and
 * {@link #getDeclare() declare} (one Kubetron creates), and {@link #getNamespaceSelector() who may join}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.adopt) != has(self.declare)",
        message = "give exactly one of adopt (an existing backend network) and declare (one Kubetron creates)")
public class NetworkSpec {
    @JsonPropertyDescription("An existing backend network (OVN logical switch or Neutron network) to adopt, by name or "
            + "id. Kubetron never creates nor deletes it. Exactly one of adopt and declare.")
    private AdoptedNetwork adopt;

    @JsonPropertyDescription("A network Kubetron creates in the backend, named after this object, and deletes with it "
            + "once no port is left on it. Exactly one of adopt and declare.")
    private DeclaredNetwork declare;

    @JsonPropertyDescription("Which namespaces' Pods may join this network. Absent or null: no namespace may; {} (an "
            + "empty selector): every namespace. Changing it never unplugs running Pods.")
    private LabelSelector namespaceSelector;

    public NetworkSpec() {}

    public static NetworkSpec adopting(AdoptedNetwork adopt, LabelSelector namespaceSelector) {
        NetworkSpec s = new NetworkSpec();
        s.setAdopt(adopt);
        s.setNamespaceSelector(namespaceSelector);
        return s;
    }

    public static NetworkSpec declaring(DeclaredNetwork declare, LabelSelector namespaceSelector) {
        NetworkSpec s = new NetworkSpec();
        s.setDeclare(declare);
        s.setNamespaceSelector(namespaceSelector);
        return s;
    }

    public AdoptedNetwork getAdopt() {
        return adopt;
    }

    public void setAdopt(AdoptedNetwork adopt) {
        this.adopt = adopt;
    }

    public DeclaredNetwork getDeclare() {
        return declare;
    }

    public void setDeclare(DeclaredNetwork declare) {
        this.declare = declare;
    }

    /**
     * Null: no namespace may join; an empty selector: every namespace.
     *
     * @see Network#namespaceSelector()
     */
    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s
                && Objects.equals(adopt, s.adopt)
                && Objects.equals(declare, s.declare)
                && Objects.equals(namespaceSelector, s.namespaceSelector);
    }

    @Override
    public int hashCode() {
        return Objects.hash(adopt, declare, namespaceSelector);
    }

    @Override
    public String toString() {
        return "NetworkSpec{adopt=" + adopt + ", declare=" + declare + ", namespaceSelector=" + namespaceSelector + "}";
    }
}
