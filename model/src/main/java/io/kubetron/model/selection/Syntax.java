package io.kubetron.model.selection;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shapes the selection annotation's values must have, checked without any lookup (no DNS: an address is a
 * literal or nothing). Each check returns null when the value is fine, or what is wrong with it. Pure.
 */
final class Syntax {
    /** A DNS-1123 label, as Kubernetes namespace names are ({@code k8s.io/apimachinery validation.IsDNS1123Label}). */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /**
     * A DNS-1123 subdomain, as object names are (NetworkAttachmentDefinitions, Networks): labels joined by dots, at
     * most 253 characters.
     */
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}");

    /** Linux's IFNAMSIZ less the terminating NUL. */
    static final int MAX_INTERFACE = 15;

    private Syntax() {}

    static String namespace(String s) {
        return LABEL.matcher(s).matches()
                ? null
                : "namespace '" + s + "' is not a valid namespace name (lower-case letters, digits and '-', at most 63,"
                        + " starting and ending with a letter or digit)";
    }

    static String name(String s) {
        return s.length() <= 253 && SUBDOMAIN.matcher(s).matches()
                ? null
                : "'" + s + "' is not a valid network name (lower-case letters, digits, '-' and '.', at most 253,"
                        + " starting and ending with a letter or digit)";
    }

    /**
     * The kernel's {@code dev_valid_name}: 1 to 15 bytes, not {@code .} or {@code ..}, no {@code /}, {@code :} or
     * white space; and not a name the Pod already has ({@code lo}, and {@code eth0}, the primary network's by CNI
     * convention). Kubetron asks for ASCII letters, digits, {@code -}, {@code _} and {@code .} only: other bytes are
     * legal for the kernel but break tools and logs.
     */
    static String interfaceName(String s) {
        if (s.isEmpty() || s.length() > MAX_INTERFACE) {
            return "interface '" + s + "' must have 1 to " + MAX_INTERFACE + " characters";
        }
        if (!s.matches("[A-Za-z0-9_.-]+") || s.equals(".") || s.equals("..")) {
            return "interface '" + s + "' may have only letters, digits, '-', '_' and '.' (and is not '.' or '..')";
        }
        if (s.equals("lo") || s.equals("eth0")) {
            return "interface '" + s + "' is taken in every Pod (lo, and eth0 for the cluster network)";
        }
        return null;
    }

    /** Null when {@code s} is a unicast, non-zero MAC of six octets; see {@link #normalMac}. */
    static String mac(String s) {
        if (!MAC.matcher(s).matches()) {
            return "mac '" + s + "' is not a MAC address of six octets (like 02:00:00:00:00:01)";
        }
        int first = Integer.parseInt(s.substring(0, 2), 16);
        if ((first & 1) == 1) {
            return "mac '" + s + "' is a multicast address: an interface needs a unicast one (first octet even)";
        }
        if (normalMac(s).equals("00:00:00:00:00:00")) {
            return "mac '" + s + "' is all zeros";
        }
        return null;
    }

    static String normalMac(String s) {
        return s.replace('-', ':').toLowerCase(Locale.ROOT);
    }

    /** Null when {@code s} is an IPv4 or IPv6 literal, with a prefix length when {@code prefixAllowed}. */
    static String address(String s, boolean prefixAllowed) {
        String ip = s;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            if (!prefixAllowed) {
                return "'" + s + "' is not an address (no prefix length here)";
            }
            ip = s.substring(0, slash);
            String len = s.substring(slash + 1);
            int max = ip.contains(":") ? 128 : 32;
            if (!len.matches("[0-9]{1,3}") || Integer.parseInt(len) > max) {
                return "'" + s + "' has no valid prefix length (0 to " + max + ")";
            }
        }
        if (IPV4.matcher(ip).matches() || isIpv6(ip)) {
            return null;
        }
        return "'" + s + "' is not an IPv4 or IPv6 address" + (prefixAllowed ? " (with an optional /prefix)" : "");
    }

    /** RFC 4291 section 2.2 text forms, an embedded IPv4 last; no zone. */
    static boolean isIpv6(String s) {
        if (s.isEmpty() || !s.matches("[0-9A-Fa-f:.]+") || !s.contains(":")) {
            return false;
        }
        String head = s;
        int groupsFromV4 = 0;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.') >= 0) {
            if (!IPV4.matcher(s.substring(lastColon + 1)).matches()) {
                return false;
            }
            head = s.substring(0, lastColon + 1) + "0";
            groupsFromV4 = 1; // the IPv4 part is two groups; the "0" put in its place counts one
        }
        int dc = head.indexOf("::");
        if (dc >= 0 && head.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        if (dc < 0) {
            String[] g = head.split(":", -1);
            return g.length + groupsFromV4 == 8 && allGroups(g);
        }
        String left = head.substring(0, dc);
        String right = head.substring(dc + 2);
        String[] l = left.isEmpty() ? new String[0] : left.split(":", -1);
        String[] r = right.isEmpty() ? new String[0] : right.split(":", -1);
        return l.length + r.length + groupsFromV4 <= 7 && allGroups(l) && allGroups(r);
    }

    private static boolean allGroups(String[] groups) {
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4 || !g.matches("[0-9A-Fa-f]+")) {
                return false;
            }
        }
        return true;
    }
}
