package io.kubetron.model.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the controller found and did, written through the status subresource. The conditions follow the Kubernetes
 * API conventions (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/types.go Condition: a
 * CamelCase type, status True/False/Unknown, a CamelCase reason, a message for people, lastTransitionTime when the
 * status last changed, observedGeneration): {@value NetworkConditions#READY} and {@value
 * NetworkConditions#DEGRADED}, reasons in {@link NetworkConditions}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkStatus {
    @JsonPropertyDescription("Ready: Pods can join the network. Degraded: the backend does not match the spec, or the "
            + "spec is invalid; the message says what to do.")
    private List<Condition> conditions;

    @JsonPropertyDescription("The backend network's id (OVN logical switch UUID, Neutron network id).")
    private String backendId;

    @JsonPropertyDescription("The backend network's name.")
    private String backendName;

    @JsonPropertyDescription("Whether the backend network was adopted (never deleted by Kubetron).")
    private Boolean adopted;

    @JsonPropertyDescription("Ports on the backend network (those of Pods, and any other).")
    private Integer portsInUse;

    @JsonPropertyDescription("Addresses left to give: the subnet's host addresses less the gateway, the excluded and "
            + "the used ones.")
    private Long freeAddresses;

    @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    public NetworkStatus() {}

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getBackendId() {
        return backendId;
    }

    public void setBackendId(String backendId) {
        this.backendId = backendId;
    }

    public String getBackendName() {
        return backendName;
    }

    public void setBackendName(String backendName) {
        this.backendName = backendName;
    }

    public Boolean getAdopted() {
        return adopted;
    }

    public void setAdopted(Boolean adopted) {
        this.adopted = adopted;
    }

    public Integer getPortsInUse() {
        return portsInUse;
    }

    public void setPortsInUse(Integer portsInUse) {
        this.portsInUse = portsInUse;
    }

    public Long getFreeAddresses() {
        return freeAddresses;
    }

    public void setFreeAddresses(Long freeAddresses) {
        this.freeAddresses = freeAddresses;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    /** The condition of this type, if any. */
    public Optional<Condition> condition(String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Whether the {@value NetworkConditions#READY} condition is True. */
    public boolean ready() {
        return condition(NetworkConditions.READY)
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false);
    }

    /** The conditions, never null (a copy). */
    public List<Condition> conditionList() {
        return conditions == null ? List.of() : new ArrayList<>(conditions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkStatus s
                && Objects.equals(conditions, s.conditions)
                && Objects.equals(backendId, s.backendId)
                && Objects.equals(backendName, s.backendName)
                && Objects.equals(adopted, s.adopted)
                && Objects.equals(portsInUse, s.portsInUse)
                && Objects.equals(freeAddresses, s.freeAddresses)
                && Objects.equals(observedGeneration, s.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(conditions, backendId, backendName, adopted, portsInUse, freeAddresses, observedGeneration);
    }

    @Override
    public String toString() {
        return "NetworkStatus{conditions=" + conditions + ", backendId=" + backendId + ", backendName=" + backendName
                + ", adopted=" + adopted + ", portsInUse=" + portsInUse + ", freeAddresses=" + freeAddresses
                + ", observedGeneration=" + observedGeneration + "}";
    }
}
