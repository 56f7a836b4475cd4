package io.kubetron.ovsdb.nb;

import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Builds OVN_Northbound operations. Rows inserted in the same transaction are referred to with
 * {@link Ref#named(String)}: e.g. a switch, its DHCP options and a port in one transaction:
 *
 * <pre>{@code
 * client.transact(NbOps.DB, List.of(
 *         NbOps.insertDhcpOptions("dhcp", "10.0.0.0/24", Map.of("router", "10.0.0.1"), Map.of()),
 *         NbOps.insertLogicalSwitchPort("p", "pod1", List.of("0a:00:00:00:00:05 10.0.0.5"), Ref.named("dhcp"), Map.of()),
 *         NbOps.insertLogicalSwitch("ls", "net1", Set.of(Ref.named("p")), Map.of())));
 * }</pre>
 *
 * Stateless, hence thread-safe.
 */
public final class NbOps {
    public static final String DB = "OVN_Northbound";

    private NbOps() {}

    public static Operation insertLogicalSwitch(
            String uuidName, String name, Set<Ref> ports, Map<String, String> externalIds) {
        return Operation.insert(
                LogicalSwitch.TABLE, Map.of("name", name, "ports", ports, "external_ids", externalIds), uuidName);
    }

    /** {@code dhcpv4Options} may be null for none. */
    public static Operation insertLogicalSwitchPort(
            String uuidName, String name, List<String> addresses, Ref dhcpv4Options, Map<String, String> externalIds) {
        Map<String, Object> row = new HashMap<>();
        row.put("name", name);
        row.put("addresses", addresses);
        row.put("external_ids", externalIds);
        row.put("dhcpv4_options", Optional.ofNullable(dhcpv4Options));
        return Operation.insert(LogicalSwitchPort.TABLE, row, uuidName);
    }

    public static Operation insertDhcpOptions(
            String uuidName, String cidr, Map<String, String> options, Map<String, String> externalIds) {
        return Operation.insert(
                DhcpOptions.TABLE, Map.of("cidr", cidr, "options", options, "external_ids", externalIds), uuidName);
    }

    public static Operation insertLogicalRouter(
            String uuidName, String name, Set<Ref> ports, Map<String, String> externalIds) {
        return Operation.insert(
                LogicalRouter.TABLE, Map.of("name", name, "ports", ports, "external_ids", externalIds), uuidName);
    }

    public static Operation insertLogicalRouterPort(String uuidName, String name, String mac, Set<String> networks) {
        return Operation.insert(
                LogicalRouterPort.TABLE, Map.of("name", name, "mac", mac, "networks", networks), uuidName);
    }

    /** Adds ports (existing or inserted in the same transaction) to an existing switch. */
    public static Operation addSwitchPorts(UUID logicalSwitch, Set<Ref> ports) {
        return Operation.mutate(
                LogicalSwitch.TABLE, List.of(Condition.uuid(logicalSwitch)), List.of(Mutation.insert("ports", ports)));
    }

    /** Removes a port from its switch; the port row, no longer referenced, is deleted by the server. */
    public static Operation removeSwitchPort(UUID logicalSwitch, UUID port) {
        return Operation.mutate(
                LogicalSwitch.TABLE,
                List.of(Condition.uuid(logicalSwitch)),
                List.of(Mutation.delete("ports", Set.of(port))));
    }

    public static Operation deleteLogicalSwitch(UUID logicalSwitch) {
        return Operation.delete(LogicalSwitch.TABLE, List.of(Condition.uuid(logicalSwitch)));
    }

    /** Sets one external_ids key of a row found by name (delete then insert: a map insert keeps an old value). */
    public static Operation setExternalId(String table, String name, String key, String value) {
        return Operation.mutate(
                table,
                List.of(Condition.eq("name", name)),
                List.of(
                        Mutation.delete("external_ids", Set.of(key)),
                        Mutation.insert("external_ids", Map.of(key, value))));
    }

    /** Monitor requests for all columns of the five tables. */
    public static List<MonitorRequest> monitorAll() {
        return List.of(
                MonitorRequest.of(LogicalSwitch.TABLE),
                MonitorRequest.of(LogicalSwitchPort.TABLE),
                MonitorRequest.of(DhcpOptions.TABLE),
                MonitorRequest.of(LogicalRouter.TABLE),
                MonitorRequest.of(LogicalRouterPort.TABLE));
    }
}
