package io.kubetron.ovsdb.vswitch;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** An {@code Interface} row. Immutable. */
public record Interface(
        UUID uuid,
        String name,
        String type,
        Optional<Long> ofport,
        Optional<Long> mtu,
        Optional<String> error,
        Map<String, String> options,
        Map<String, String> externalIds) {
    public static final String TABLE = "Interface";

    public static Interface from(Row r) {
        return new Interface(
                r.uuid(),
                r.string("name"),
                r.string("type"),
                r.optional("ofport", Long.class),
                r.optional("mtu", Long.class),
                r.optional("error", String.class),
                r.stringMap("options"),
                r.stringMap("external_ids"));
    }

    /** ovn-controller sets {@code external_ids:ovn-installed=true} once the port's flows are in place. */
    public boolean isOvnInstalled() {
        return "true".equals(externalIds.get("ovn-installed"));
    }
}
