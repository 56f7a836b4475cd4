package io.kubetron.ovsdb.nb;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A {@code Logical_Switch_Port} row. Immutable. */
public record LogicalSwitchPort(
        UUID uuid,
        String name,
        String type,
        Set<String> addresses,
        Set<String> portSecurity,
        Optional<UUID> dhcpv4Options,
        Optional<Boolean> up,
        Optional<Boolean> enabled,
        Optional<Long> tag,
        Map<String, String> options,
        Map<String, String> externalIds) {
    public static final String TABLE = "Logical_Switch_Port";

    public static LogicalSwitchPort from(Row r) {
        return new LogicalSwitchPort(
                r.uuid(),
                r.string("name"),
                r.string("type"),
                r.stringSet("addresses"),
                r.stringSet("port_security"),
                r.optional("dhcpv4_options", UUID.class),
                r.optional("up", Boolean.class),
                r.optional("enabled", Boolean.class),
                r.optional("tag", Long.class),
                r.stringMap("options"),
                r.stringMap("external_ids"));
    }

    /** ovn-northd sets {@code up} once the port is bound on a chassis. */
    public boolean isUp() {
        return up.orElse(false);
    }
}
