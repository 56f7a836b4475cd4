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
 * {@code KUBETRON_NEUTRON_TIMEOUT_SECONDS}; also {@code OS_CLOUD} (a {@code clouds.yaml} entry), {@code OS_USER_ID},
 * {@code OS_PROJECT_ID}, {@code OS_DOMAIN_NAME}/{@code _ID} (the original's), {@code OS_*_DOMAIN_ID},
 * {@code OS_AUTH_TYPE}, {@code OS_APPLICATION_CREDENTIAL_ID}/{@code _NAME}/{@code _SECRET}, {@code OS_TOKEN},
 * {@code OS_INTERFACE}, {@code OS_INSECURE} / {@code KUBETRON_NEUTRON_INSECURE}.
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
    public record Ovn(String endpoints, Path privateKey, Path certificate, Path caCert) {}

    /**
     * Neutron.
     *
     * @param caBundle PEM CA bundle to verify Neutron and Keystone, or null for the JDK's trust store
     * @param timeout how long one HTTP request may take ({@code KUBETRON_NEUTRON_TIMEOUT_SECONDS}, default 30)
     * @param insecure accept any server certificate ({@code KUBETRON_NEUTRON_INSECURE} or {@code OS_INSECURE}; off
     *        unless asked for)
     */
    public record Neutron(NeutronAuth auth, Path caBundle, java.time.Duration timeout, boolean insecure) {}

    /** Parses and validates; the exception names every missing or wrong key. */
    public static BackendSettings fromMap(Map<String, String> m, String kindOverride) {
        String kind = kindOverride != null ? kindOverride : value(m, "KUBETRON_BACKEND");
        List<String> problems = new ArrayList<>();
        if (kind == null) {
            kind = value(m, "KUBETRON_NEUTRON_URL") != null
                            || value(m, "OS_AUTH_URL") != null
                            || value(m, "OS_CLOUD") != null
                    ? "neutron"
                    : "ovn";
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

    private static Neutron neutron(Map<String, String> given, List<String> problems) {
        Map<String, String> m = given;
        String cloud = value(given, "OS_CLOUD");
        if (cloud != null) {
            // clouds.yaml is the base; OS_* variables set explicitly win, as with the OpenStack tools
            m = new java.util.HashMap<>(CloudsYaml.read(cloud, CloudsYaml.candidates(given)));
            for (Map.Entry<String, String> e : given.entrySet()) {
                if (e.getValue() != null && !e.getValue().isBlank()) {
                    m.put(e.getKey(), e.getValue());
                }
            }
        }
        String url = value(m, "KUBETRON_NEUTRON_URL");
        Path ca = path(m, "KUBETRON_NEUTRON_CA_CERT");
        if (ca == null) {
            ca = path(m, "OS_CACERT");
        }
        boolean insecure =
                Boolean.parseBoolean(orDefault(m, "KUBETRON_NEUTRON_INSECURE", orDefault(m, "OS_INSECURE", "false")));
        String mode = value(m, "KUBETRON_NEUTRON_AUTH");
        if (mode == null) {
            mode = value(m, "OS_AUTH_URL") != null ? "keystone" : "noauth";
        }
        NeutronAuth auth = null;
        switch (mode) {
            case "noauth" -> {
                if (url == null) {
                    problems.add(
                            "KUBETRON_NEUTRON_URL is not set (Neutron's root URL, for example https://neutron:9696)");
                } else {
                    auth = new NeutronAuth.None(URI.create(url));
                }
            }
            case "keystone" -> auth = keystone(m, url, problems);
            default -> problems.add("KUBETRON_NEUTRON_AUTH '" + mode + "' is unknown: use keystone or noauth");
        }
        String timeout = orDefault(m, "KUBETRON_NEUTRON_TIMEOUT_SECONDS", "30");
        java.time.Duration t = java.time.Duration.ofSeconds(30);
        try {
            t = java.time.Duration.ofSeconds(Long.parseLong(timeout));
        } catch (NumberFormatException e) {
            problems.add("KUBETRON_NEUTRON_TIMEOUT_SECONDS '" + timeout + "' is not a number of seconds");
        }
        return new Neutron(auth, ca, t, insecure);
    }

    /** Keystone v3: password (names or ids), application credential, or a token; the original's OS_DOMAIN_NAME too. */
    private static NeutronAuth keystone(Map<String, String> m, String url, List<String> problems) {
        String authUrl = value(m, "OS_AUTH_URL");
        if (authUrl == null) {
            problems.add("Keystone authentication needs OS_AUTH_URL");
            return null;
        }
        String domainName = value(m, "OS_DOMAIN_NAME");
        String domainId = value(m, "OS_DOMAIN_ID");
        String userDomainName = first(m, "OS_USER_DOMAIN_NAME");
        String userDomainId = first(m, "OS_USER_DOMAIN_ID");
        if (userDomainName == null && userDomainId == null) {
            userDomainName = domainName;
            userDomainId = domainId;
        }
        String type = orDefault(
                m,
                "OS_AUTH_TYPE",
                value(m, "OS_APPLICATION_CREDENTIAL_SECRET") != null
                        ? "v3applicationcredential"
                        : value(m, "OS_TOKEN") != null ? "v3token" : "password");
        NeutronAuth.Credential credential = null;
        List<String> missing = new ArrayList<>();
        switch (type) {
            case "password", "v3password" -> {
                if (value(m, "OS_USERNAME") == null && value(m, "OS_USER_ID") == null) {
                    missing.add("OS_USERNAME (or OS_USER_ID)");
                }
                if (value(m, "OS_PASSWORD") == null) {
                    missing.add("OS_PASSWORD");
                }
                credential = new NeutronAuth.Password(
                        value(m, "OS_USERNAME"),
                        value(m, "OS_USER_ID"),
                        userDomainName == null && userDomainId == null ? "Default" : userDomainName,
                        userDomainId,
                        value(m, "OS_PASSWORD"));
            }
            case "v3applicationcredential" -> {
                if (value(m, "OS_APPLICATION_CREDENTIAL_ID") == null
                        && value(m, "OS_APPLICATION_CREDENTIAL_NAME") == null) {
                    missing.add("OS_APPLICATION_CREDENTIAL_ID (or _NAME with OS_USERNAME)");
                }
                if (value(m, "OS_APPLICATION_CREDENTIAL_SECRET") == null) {
                    missing.add("OS_APPLICATION_CREDENTIAL_SECRET");
                }
                credential = new NeutronAuth.ApplicationCredential(
                        value(m, "OS_APPLICATION_CREDENTIAL_ID"),
                        value(m, "OS_APPLICATION_CREDENTIAL_NAME"),
                        value(m, "OS_USERNAME"),
                        value(m, "OS_USER_ID"),
                        userDomainName == null ? "Default" : userDomainName,
                        value(m, "OS_APPLICATION_CREDENTIAL_SECRET"));
            }
            case "token", "v3token" -> {
                if (value(m, "OS_TOKEN") == null) {
                    missing.add("OS_TOKEN");
                }
                credential = new NeutronAuth.Token(value(m, "OS_TOKEN"));
            }
            default ->
                problems.add("OS_AUTH_TYPE '" + type + "' is not supported: use password, "
                        + "v3applicationcredential or token");
        }
        NeutronAuth.Scope scope = null;
        if (!(credential instanceof NeutronAuth.ApplicationCredential)) {
            if (value(m, "OS_PROJECT_NAME") == null && value(m, "OS_PROJECT_ID") == null) {
                missing.add("OS_PROJECT_NAME (or OS_PROJECT_ID)");
            }
            String projectDomainName = value(m, "OS_PROJECT_DOMAIN_NAME");
            String projectDomainId = value(m, "OS_PROJECT_DOMAIN_ID");
            if (projectDomainName == null && projectDomainId == null) {
                projectDomainName = domainName == null && domainId == null ? "Default" : domainName;
                projectDomainId = domainId;
            }
            scope = new NeutronAuth.Scope(
                    value(m, "OS_PROJECT_NAME"), value(m, "OS_PROJECT_ID"), projectDomainName, projectDomainId);
        }
        if (!missing.isEmpty()) {
            problems.add("Keystone authentication (" + type + ") needs " + String.join(", ", missing));
            return null;
        }
        return credential == null
                ? null
                : new NeutronAuth.Keystone(
                        URI.create(authUrl),
                        credential,
                        scope,
                        value(m, "OS_REGION_NAME"),
                        value(m, "OS_INTERFACE"),
                        url == null ? null : URI.create(url));
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
