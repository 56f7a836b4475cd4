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
    /**
     * The {@code external_ids} key that binds the interface to the OVN logical port of that name (the integration
     * contract every CMS follows: ovn-architecture(7), "Life Cycle of a VIF").
     */
    public static final String IFACE_ID = "iface-id";
    /** The {@code external_ids} key with the interface's MAC, for the CMS's bookkeeping. */
    public static final String ATTACHED_MAC = "attached-mac";
    /** The {@code external_ids} key that says the interface is in use ({@code active}). */
    public static final String IFACE_STATUS = "iface-status";
    /** The {@code external_ids} key ovn-controller sets to {@code true} once the port's flows are in place. */
    public static final String OVN_INSTALLED = "ovn-installed";

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
        return "true".equals(externalIds.get(OVN_INSTALLED));
    }
}
