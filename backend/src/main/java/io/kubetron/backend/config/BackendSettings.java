package io.kubetron.backend.config;

import io.kubetron.neutron.NeutronAuth;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which backend to use and how to reach it, parsed once from a map of settings (the environment, a config file, the
 * lab's {@code env}), validated, and safe to log: {@link #toString()} never shows a password.
 *
 * <p>Keys: {@code KUBETRON_BACKEND} ({@code ovn}|{@code neutron}); OVN: {@code KUBETRON_OVN_NB} (or {@code OVN_NB_DB}),
 * {@code KUBETRON_OVN_PRIVATE_KEY}, {@code KUBETRON_OVN_CERTIFICATE}, {@code KUBETRON_OVN_CA_CERT}; Neutron:
 * {@code KUBETRON_NEUTRON_URL}, {@code KUBETRON_NEUTRON_CA_CERT} (or {@code OS_CACERT}), {@code KUBETRON_NEUTRON_AUTH}
 * ({@code keystone}|{@code noauth}), {@code OS_AUTH_URL}, {@code OS_USERNAME}, {@code OS_PASSWORD},
 * {@code OS_PROJECT_NAME}, {@code OS_USER_DOMAIN_NAME}, {@code OS_PROJECT_DOMAIN_NAME}, {@code OS_REGION_NAME},
 * {@code KUBETRON_NEUTRON_TIMEOUT_SECONDS}.
 *
 * @param kind {@code ovn} or {@code neutron}
 * @param ovn how to reach OVN Northbound, or null with Neutron
 * @param neutron how to reach Neutron, or null with OVN
 */
public record BackendSettings(String kind, Ovn ovn, Neutron neutron) {

    /**
     * OVN Northbound.
     *
     * @param endpoints OVS-style endpoint list, for example {@code ssl:10.0.0.1:6641,ssl:10.0.0.2:6641}
     * @param privateKey PEM private key for {@code ssl:} endpoints
     */
    public record Ovn(String endpoints, Path privateKey, Path certificate, Path caCert) {
    }

    /**
     * Neutron.
     *
     * @param caBundle PEM CA bundle to verify Neutron and Keystone, or null for the JDK's trust store
     * @param timeout how long one HTTP request may take ({@code KUBETRON_NEUTRON_TIMEOUT_SECONDS}, default 30)
     */
    public record Neutron(NeutronAuth auth, Path caBundle, java.time.Duration timeout) {
    }

    /** Parses and validates; the exception names every missing or wrong key. */
    public static BackendSettings fromMap(Map<String, String> m, String kindOverride) {
        String kind = kindOverride != null ? kindOverride : value(m, "KUBETRON_BACKEND");
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            kind = value(m, "KUBETRON_NEUTRON_URL") != null || value(m, "OS_AUTH_URL") != null ? "neutron" : "ovn";
        }
        BackendSettings s = switch (kind) {
            case "ovn" -> new BackendSettings(kind, ovn(m, problems), null);
            case "neutron" -> new BackendSettings(kind, null, neutron(m, problems));
            default -> {
                problems.add("backend '" + kind + "' is unknown: use ovn or neutron");
                yield null;
            }
        };
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("backend configuration: " + String.join("; ", problems));
        }
        return s;
    }

    private static Ovn ovn(Map<String, String> m, List<String> problems) {
        String nb = first(m, "KUBETRON_OVN_NB", "OVN_NB_DB");
        if (nb == null) {
            problems.add("KUBETRON_OVN_NB is not set (for example ssl:10.0.0.1:6641 or unix:/run/ovn/ovnnb_db.sock)");
            return null;
        }
        Path key = path(m, "KUBETRON_OVN_PRIVATE_KEY");
        Path cert = path(m, "KUBETRON_OVN_CERTIFICATE");
        Path ca = path(m, "KUBETRON_OVN_CA_CERT");
        if (nb.contains("ssl:") && (key == null || cert == null || ca == null)) {
            problems.add("an ssl: endpoint needs KUBETRON_OVN_PRIVATE_KEY, KUBETRON_OVN_CERTIFICATE and "
                    + "KUBETRON_OVN_CA_CERT");
        }
        return new Ovn(nb, key, cert, ca);
    }

    private static Neutron neutron(Map<String, String> m, List<String> problems) {
        String url = value(m, "KUBETRON_NEUTRON_URL");
        Path ca = path(m, "KUBETRON_NEUTRON_CA_CERT");
        if (ca == null) {
            ca = path(m, "OS_CACERT");
        }
        String mode = value(m, "KUBETRON_NEUTRON_AUTH");
        if (mode == null) {
            mode = value(m, "OS_AUTH_URL") != null ? "keystone" : "noauth";
        }
        NeutronAuth auth = null;
        switch (mode) {
            case "noauth" -> {
                if (url == null) {
                    problems.add("KUBETRON_NEUTRON_URL is not set (Neutron's root URL, for example https://neutron:9696)");
                } else {
                    auth = new NeutronAuth.None(URI.create(url));
                }
            }
            case "keystone" -> {
                List<String> missing = new ArrayList<>();
                for (String k : List.of("OS_AUTH_URL", "OS_USERNAME", "OS_PASSWORD", "OS_PROJECT_NAME")) {
                    if (value(m, k) == null) {
                        missing.add(k);
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add("Keystone authentication needs " + String.join(", ", missing));
                } else {
                    auth = new NeutronAuth.KeystonePassword(URI.create(value(m, "OS_AUTH_URL")), value(m, "OS_USERNAME"),
                            value(m, "OS_PASSWORD"), orDefault(m, "OS_USER_DOMAIN_NAME", "Default"),
                            value(m, "OS_PROJECT_NAME"), orDefault(m, "OS_PROJECT_DOMAIN_NAME", "Default"),
                            value(m, "OS_REGION_NAME"), url == null ? null : URI.create(url));
                }
            }
            default -> problems.add("KUBETRON_NEUTRON_AUTH '" + mode + "' is unknown: use keystone or noauth");
        }
        String timeout = orDefault(m, "KUBETRON_NEUTRON_TIMEOUT_SECONDS", "30");
        java.time.Duration t = java.time.Duration.ofSeconds(30);
        try {
            t = java.time.Duration.ofSeconds(Long.parseLong(timeout));
        } catch (NumberFormatException e) {
            problems.add("KUBETRON_NEUTRON_TIMEOUT_SECONDS '" + timeout + "' is not a number of seconds");
        }
        return new Neutron(auth, ca, t);
    }

    private static String value(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String first(Map<String, String> m, String... keys) {
        for (String k : keys) {
            String v = value(m, k);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String orDefault(Map<String, String> m, String key, String def) {
        String v = value(m, key);
        return v == null ? def : v;
    }

    private static Path path(Map<String, String> m, String key) {
        String v = value(m, key);
        return v == null ? null : Path.of(v);
    }
}
