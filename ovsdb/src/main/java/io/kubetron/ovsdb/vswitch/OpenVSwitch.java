package io.kubetron.ovsdb.vswitch;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The root {@code Open_vSwitch} row. Immutable. */
public record OpenVSwitch(
        UUID uuid,
        Set<UUID> bridges,
        long nextCfg,
        long curCfg,
        Optional<String> ovsVersion,
        Map<String, String> externalIds,
        Map<String, String> otherConfig) {
    public static final String TABLE = "Open_vSwitch";

    public static OpenVSwitch from(Row r) {
        return new OpenVSwitch(
                r.uuid(),
                r.uuidSet("bridges"),
                r.integer("next_cfg"),
                r.integer("cur_cfg"),
                r.optional("ovs_version", String.class),
                r.stringMap("external_ids"),
                r.stringMap("other_config"));
    }
}
