package io.kubetron.model.owner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The owner record as one line of text, for backends that only offer a short free-text field (the Neutron backend
 * writes it into the port's 255-character {@code description}):
 * {@code kubetron:v1 ns=..;pod=..;gen=..;uid=..;req=..;net=..}. Kubernetes names, uids and Kubetron's network names
 * never contain {@code ;} or {@code =}, so no escaping is needed.
 */
public final class OwnerText {
    private static final String MAGIC = OwnerKeys.BACKEND_CREATOR + ":v1 ";

    private OwnerText() {}

    public static String encode(PortOwner o, String network) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ns", o.namespace());
        m.put("pod", o.podName());
        m.put("gen", o.generateName());
        m.put("uid", o.podUid());
        m.put("req", o.requestUid());
        m.put("net", network);
        StringBuilder b = new StringBuilder(MAGIC);
        m.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                if (v.indexOf(';') >= 0 || v.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("owner field " + k + " contains ';' or '=': " + v);
                }
                b.append(k).append('=').append(v).append(';');
            }
        });
        b.setLength(b.length() - 1);
        return b.toString();
    }

    /**
     * The owner record of a backend network Kubetron created for a {@code Network} object:
     * {@code kubetron:v1 netobj=<uid>}.
     */
    public static String encodeNetworkObject(String uid) {
        if (uid.indexOf(';') >= 0 || uid.indexOf('=') >= 0 || uid.isBlank()) {
            throw new IllegalArgumentException("not an object uid: " + uid);
        }
        return MAGIC + "netobj=" + uid;
    }

    /** The uid {@link #encodeNetworkObject} recorded, or null if the text is not such a record. */
    public static String decodeNetworkObject(String text) {
        if (text == null || !text.startsWith(MAGIC)) {
            return null;
        }
        for (String kv : text.substring(MAGIC.length()).split(";")) {
            if (kv.startsWith("netobj=") && kv.length() > "netobj=".length()) {
                return kv.substring("netobj=".length());
            }
        }
        return null;
    }

    /** The owner, or null if the text is not a Kubetron owner record. */
    public static PortOwner decode(String text) {
        if (text == null || !text.startsWith(MAGIC)) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : text.substring(MAGIC.length()).split(";")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        try {
            return new PortOwner(m.get("ns"), m.get("pod"), m.get("gen"), m.get("uid"), m.get("req"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
