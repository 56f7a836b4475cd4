package io.kubetron.node.plumbing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names the host end of a Pod's veth after its port: {@code kt} + 13 characters, 15 in all (the kernel's limit).
 * The same port always gives the same name, so a restarted agent finds what it made. Pure.
 */
public final class HostIfNames {
    static final String PREFIX = "kt";
    private static final int ID_CHARS = 13;

    private HostIfNames() {}

    /**
     * The first 13 letters and digits of the port id (a UUID's first 13 hex digits: 52 bits, so two ports of one
     * node never meet), or, for ids with fewer, 13 hex digits of its SHA-256.
     */
    public static String of(String portId) {
        String alnum = portId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (alnum.length() >= ID_CHARS) {
            return PREFIX + alnum.substring(0, ID_CHARS);
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(portId.getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(h).substring(0, ID_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }
}
