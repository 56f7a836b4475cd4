package io.kubetron.model.selection;

import java.util.List;

/**
 * One network attachment a Pod asks for: an element of the Network Plumbing WG selection annotation
 * ({@code k8s.v1.cni.cncf.io/networks}, multi-net-spec v1.2 section 4.1.2.1) after validation. The same network asked
 * for twice is two attachments.
 *
 * @param namespace where the name is looked up: the one written, or the Pod's
 * @param name the network (a {@code Network} or a {@code NetworkAttachmentDefinition}) the element selects
 * @param interfaceName the interface's name inside the Pod, or null to let Kubetron choose
 * @param mac the MAC address asked for, lower case with colons, or null for a random one
 * @param ips the addresses asked for (each an address, optionally with a prefix length), in the order written
 * @param defaultRoute gateway addresses through which the Pod's default route should go (empty: leave it alone)
 */
public record AttachmentRequest(
        String namespace, String name, String interfaceName, String mac, List<String> ips, List<String> defaultRoute) {

    public AttachmentRequest {
        ips = List.copyOf(ips);
        defaultRoute = List.copyOf(defaultRoute);
    }

    /** {@code namespace/name}, as the spec names an attachment in {@code network-status}. */
    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
