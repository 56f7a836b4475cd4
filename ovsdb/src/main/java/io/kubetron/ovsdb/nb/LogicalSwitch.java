package io.kubetron.ovsdb.nb;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A {@code Logical_Switch} row. Immutable. */
public record LogicalSwitch(
        UUID uuid, String name, Set<UUID> ports, Map<String, String> otherConfig, Map<String, String> externalIds) {
    public static final String TABLE = "Logical_Switch";

    public static LogicalSwitch from(Row r) {
        return new LogicalSwitch(
                r.uuid(),
                r.string("name"),
                r.uuidSet("ports"),
                r.stringMap("other_config"),
                r.stringMap("external_ids"));
    }
}
