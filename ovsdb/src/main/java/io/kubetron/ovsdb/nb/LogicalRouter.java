package io.kubetron.ovsdb.nb;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A {@code Logical_Router} row. Immutable. */
public record LogicalRouter(
        UUID uuid, String name, Set<UUID> ports, Map<String, String> options, Map<String, String> externalIds) {
    public static final String TABLE = "Logical_Router";

    public static LogicalRouter from(Row r) {
        return new LogicalRouter(
                r.uuid(), r.string("name"), r.uuidSet("ports"), r.stringMap("options"), r.stringMap("external_ids"));
    }
}
