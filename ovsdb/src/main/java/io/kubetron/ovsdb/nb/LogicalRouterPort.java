package io.kubetron.ovsdb.nb;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A {@code Logical_Router_Port} row. Immutable. */
public record LogicalRouterPort(
        UUID uuid,
        String name,
        String mac,
        Set<String> networks,
        Optional<String> peer,
        Optional<Boolean> enabled,
        Map<String, String> externalIds) {
    public static final String TABLE = "Logical_Router_Port";

    public static LogicalRouterPort from(Row r) {
        return new LogicalRouterPort(
                r.uuid(),
                r.string("name"),
                r.string("mac"),
                r.stringSet("networks"),
                r.optional("peer", String.class),
                r.optional("enabled", Boolean.class),
                r.stringMap("external_ids"));
    }
}
