package io.kubetron.ovsdb.nb;

import io.kubetron.ovsdb.data.Row;
import java.util.Map;
import java.util.UUID;

/** A {@code DHCP_Options} row. Immutable. */
public record DhcpOptions(UUID uuid, String cidr, Map<String, String> options, Map<String, String> externalIds) {
    public static final String TABLE = "DHCP_Options";

    public static DhcpOptions from(Row r) {
        return new DhcpOptions(r.uuid(), r.string("cidr"), r.stringMap("options"), r.stringMap("external_ids"));
    }
}
