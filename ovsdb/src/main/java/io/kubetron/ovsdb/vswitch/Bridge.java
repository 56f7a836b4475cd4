package io.kubetron.ovsdb.vswitch;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A {@code Bridge} row. Immutable. */
public record Bridge(
        UUID uuid,
        String name,
        Set<UUID> ports,
        String datapathType,
        Optional<String> failMode,
        Map<String, String> externalIds,
        Map<String, String> otherConfig) {
    public static final String TABLE = "Bridge";

    public static Bridge from(Row r) {
        return new Bridge(
                r.uuid(),
                r.string("name"),
                r.uuidSet("ports"),
                r.string("datapath_type"),
                r.optional("fail_mode", String.class),
                r.stringMap("external_ids"),
                r.stringMap("other_config"));
    }
}
