package io.kubetron.ovsdb.vswitch;

import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Builds Open_vSwitch operations, the way {@code ovs-vsctl add-br / add-port / del-port} change the database.
 * Stateless, hence thread-safe.
 */
public final class VswitchOps {
    public static final String DB = "Open_vSwitch";

    private VswitchOps() {}

    /** A bridge with its internal port and interface, attached to the root row. */
    public static List<Operation> addBridge(UUID root, String name) {
        return List.of(
                Operation.insert(Interface.TABLE, Map.of("name", name, "type", "internal"), "brif"),
                Operation.insert(Port.TABLE, Map.of("name", name, "interfaces", Set.of(Ref.named("brif"))), "brport"),
                Operation.insert(Bridge.TABLE, Map.of("name", name, "ports", Set.of(Ref.named("brport"))), "br"),
                Operation.mutate(
                        OpenVSwitch.TABLE,
                        List.of(Condition.uuid(root)),
                        List.of(Mutation.insert("bridges", Set.of(Ref.named("br"))))));
    }

    /** A port with one interface of {@code type} ("" for a system device), attached to a bridge. */
    public static List<Operation> addPort(UUID bridge, String name, String type, Map<String, String> ifaceExternalIds) {
        return List.of(
                Operation.insert(
                        Interface.TABLE, Map.of("name", name, "type", type, "external_ids", ifaceExternalIds), "iface"),
                Operation.insert(Port.TABLE, Map.of("name", name, "interfaces", Set.of(Ref.named("iface"))), "port"),
                Operation.mutate(
                        Bridge.TABLE,
                        List.of(Condition.uuid(bridge)),
                        List.of(Mutation.insert("ports", Set.of(Ref.named("port"))))));
    }

    /** Detaches a port from its bridge; the server deletes the unreferenced Port and Interface rows. */
    public static Operation deletePort(UUID bridge, UUID port) {
        return Operation.mutate(
                Bridge.TABLE, List.of(Condition.uuid(bridge)), List.of(Mutation.delete("ports", Set.of(port))));
    }

    /** Sets one external_ids key of the interface named {@code name}. */
    public static Operation setInterfaceExternalId(String name, String key, String value) {
        return Operation.mutate(
                Interface.TABLE,
                List.of(Condition.eq("name", name)),
                List.of(
                        Mutation.delete("external_ids", Set.of(key)),
                        Mutation.insert("external_ids", Map.of(key, value))));
    }

    /** Monitor requests for the four tables (all columns). */
    public static List<MonitorRequest> monitorAll() {
        return List.of(
                MonitorRequest.of(OpenVSwitch.TABLE),
                MonitorRequest.of(Bridge.TABLE),
                MonitorRequest.of(Port.TABLE),
                MonitorRequest.of(Interface.TABLE));
    }
}
