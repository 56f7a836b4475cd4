package io.kubetron.ovsdb.vswitch;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A {@code Port} row. Immutable. */
public record Port(UUID uuid, String name, Set<UUID> interfaces, Optional<Long> tag, Map<String, String> externalIds) {
    public static final String TABLE = "Port";

    public static Port from(Row r) {
        return new Port(
                r.uuid(),
                r.string("name"),
                r.uuidSet("interfaces"),
                r.optional("tag", Long.class),
                r.stringMap("external_ids"));
    }
}
