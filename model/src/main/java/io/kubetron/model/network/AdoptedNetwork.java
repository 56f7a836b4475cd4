package io.kubetron.model.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** An existing backend network, by exactly one of its name and its id. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.name) != has(self.id)",
        message = "give exactly one of name and id of the backend network to adopt")
public class AdoptedNetwork {
    @JsonPropertyDescription("The backend network's name (OVN logical switch name, Neutron network name); it must be "
            + "unique in the backend.")
    private String name;

    @JsonPropertyDescription("The backend network's id (OVN logical switch UUID, Neutron network id).")
    private String id;

    public AdoptedNetwork() {}

    public static AdoptedNetwork byName(String name) {
        AdoptedNetwork a = new AdoptedNetwork();
        a.setName(name);
        return a;
    }

    public static AdoptedNetwork byId(String id) {
        AdoptedNetwork a = new AdoptedNetwork();
        a.setId(id);
        return a;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdoptedNetwork a && Objects.equals(name, a.name) && Objects.equals(id, a.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id);
    }

    @Override
    public String toString() {
        return "AdoptedNetwork{name=" + name + ", id=" + id + "}";
    }
}
