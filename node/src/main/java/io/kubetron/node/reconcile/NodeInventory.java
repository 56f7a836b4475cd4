package io.kubetron.node.reconcile;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.NetworkNamespace;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.node.plumbing.MissingCapability;
import io.kubetron.node.plumbing.PlumbingException;
import io.kubetron.node.plumbing.PodRef;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.Interface;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What Kubetron has on this node: the OVS interfaces carrying the node agent's owner tags (from the live replica) and
 * the host ends of its veths (one {@code ip} call in the datapath's namespace). Thread-safe.
 */
public final class NodeInventory {
    /** Host ends are {@code kt} + 13 letters or digits (see {@link io.kubetron.node.plumbing.HostIfNames}). */
    private static final Pattern HOST_END = Pattern.compile("kt[a-z0-9]{13}");

    private final Replica vswitch;
    private final Exec exec;
    private final Path datapathNetns;

    /** @param datapathNetns the namespace of the OVS datapath, or null for the agent's own */
    public NodeInventory(Replica vswitch, Exec exec, Path datapathNetns) {
        this.vswitch = vswitch;
        this.exec = exec;
        this.datapathNetns = datapathNetns;
    }

    /** The interfaces the node agent made, for every Pod. */
    public List<Interface> ownedInterfaces() {
        return vswitch.rows(Interface.TABLE).stream()
                .map(Interface::from)
                .filter(i -> OwnerKeys.NODE_CREATOR.equals(i.externalIds().get(OwnerKeys.CREATOR)))
                .toList();
    }

    /** The interfaces the node agent made for this Pod: those whose owner record means it ({@link PodRef#owns}). */
    public List<Interface> ownedInterfaces(PodRef pod) {
        return ownedInterfaces().stream().filter(i -> pod.owns(i.externalIds())).toList();
    }

    /** The interfaces the node agent made for the Pod uid: a Pod that is gone is known by its uid alone. */
    public List<Interface> ownedInterfaces(String uid) {
        return ownedInterfaces().stream()
                .filter(i -> uid.equals(i.externalIds().get(OwnerKeys.POD_UID)))
                .toList();
    }

    /** Names of the veth host ends that look like the agent's, whether or not OVS knows them. */
    public List<String> hostEnds() {
        Exec.Result r = exec.run(
                NetworkNamespace.at(datapathNetns), List.of("ip", "-j", "-d", "link", "show", "type", "veth"), "");
        if (!r.ok()) {
            throw new PlumbingException(
                    "listing veths: " + MissingCapability.explain(r.stderr().strip()));
        }
        return LinkState.parse(r.stdout()).links().keySet().stream()
                .filter(n -> HOST_END.matcher(n).matches())
                .sorted()
                .toList();
    }

    /** The interfaces of a Pod's namespace. */
    public LinkState podLinks(Path podNetns) {
        Exec.Result r = exec.run(NetworkNamespace.at(podNetns), List.of("ip", "-j", "addr", "show"), "");
        if (!r.ok()) {
            throw new PlumbingException("reading the Pod's interfaces: "
                    + MissingCapability.explain(r.stderr().strip()));
        }
        return LinkState.parse(r.stdout());
    }
}
