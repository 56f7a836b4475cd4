package io.kubetron.node.plumbing;

import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.TimedOutException;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.Bridge;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.ovsdb.vswitch.Port;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The integration bridge's ports, through OVSDB (never {@code ovs-vsctl}): add a Pod's host end with its
 * external_ids, wait for ovn-controller to install it, remove it. Thread-safe (the client and replica are).
 */
public final class OvsPorts {
    private final OvsdbClient client;
    private final Replica replica;
    private final String bridge;

    /** @param replica of at least the Bridge, Port and Interface tables */
    public OvsPorts(OvsdbClient client, Replica replica, String bridge) {
        this.client = client;
        this.replica = replica;
        this.bridge = bridge;
    }

    /** Whether the bridge uses OVS's userspace datapath (whose veth ports need tx checksum offload off). */
    public boolean userspaceDatapath() {
        return bridgeRow().datapathType().equals("netdev");
    }

    /** Adds the port, replacing one left with the same name (a previous attempt), in one transaction. */
    public void add(String name, Map<String, String> externalIds) {
        Bridge br = bridgeRow();
        List<Operation> ops = new ArrayList<>();
        findPort(name).ifPresent(p -> ops.add(VswitchOps.deletePort(owner(p).uuid(), p.uuid())));
        ops.addAll(VswitchOps.addPort(br.uuid(), name, "", externalIds));
        client.transact(VswitchOps.DB, ops);
    }

    /** Waits until ovn-controller has bound the interface and installed its flows. */
    public void awaitInstalled(String name, Duration timeout) {
        try {
            replica.awaitRow(
                    Interface.TABLE,
                    r -> name.equals(r.string("name")) && Interface.from(r).isOvnInstalled(),
                    timeout);
        } catch (TimedOutException e) {
            throw new PlumbingException(
                    "ovn-controller did not install " + name + " within " + timeout.toMillis()
                            + " ms (is the logical port bound elsewhere, or ovn-controller down?)",
                    e);
        }
    }

    /** Removes the port; false when there was none. */
    public boolean remove(String name) {
        Optional<Port> p = findPort(name);
        if (p.isEmpty()) {
            return false;
        }
        client.transact(
                VswitchOps.DB,
                VswitchOps.deletePort(owner(p.get()).uuid(), p.get().uuid()));
        return true;
    }

    public Optional<Port> findPort(String name) {
        return replica.findFirst(Port.TABLE, r -> name.equals(r.string("name"))).map(Port::from);
    }

    private Bridge owner(Port p) {
        return replica.rows(Bridge.TABLE).stream()
                .map(Bridge::from)
                .filter(b -> b.ports().contains(p.uuid()))
                .findFirst()
                .orElseThrow(() -> new PlumbingException("port " + p.name() + " is on no bridge"));
    }

    private Bridge bridgeRow() {
        return replica.findFirst(Bridge.TABLE, r -> bridge.equals(r.string("name")))
                .map(Bridge::from)
                .orElseThrow(() -> new PlumbingException("bridge " + bridge + " does not exist"));
    }
}
