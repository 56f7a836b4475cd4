package io.kubetron.backend.config;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.settings.SettingsException;
import io.kubetron.common.settings.Source;
import io.kubetron.neutron.NeutronAuth;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which backend to use and how to reach it, read once from {@link #SETTINGS} (flags, the environment, the
 * {@code --config} file, then a {@code clouds.yaml} entry when {@code os-cloud} names one), validated, and safe to
 * log: {@link #toString()} never shows a password. The OpenStack settings ({@code os-*}) are the OpenStack tools'
 * own ({@code OS_AUTH_URL}...), so an {@code openrc} or a {@code clouds.yaml} works as it is.
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
     * @param timeout how long one HTTP request may take
     * @param insecure accept any server certificate (off unless asked for)
     */
    public record Neutron(NeutronAuth auth, Path caBundle, Duration timeout, boolean insecure) {}

    public static final Setting<String> BACKEND = Setting.of(
                    "backend", SettingType.oneOf("ovn", "neutron"), "Where the ports live: OVN Northbound or Neutron.")
            .defaultNote("neutron when neutron-url, os-auth-url or os-cloud is set, else ovn");
    public static final Setting<String> OVN_NB = Setting.of(
                    "ovn-nb",
                    SettingType.text("ENDPOINTS"),
                    "OVN Northbound, OVS style: unix:PATH, tcp:IP:PORT or ssl:IP:PORT, comma-separated for a cluster "
                            + "(tried in turn). OVN_NB_DB is the OVN tools' name.")
            .alsoFromEnv("OVN_NB_DB");
    public static final Setting<Path> OVN_PRIVATE_KEY =
            Setting.of("ovn-private-key", SettingType.path("FILE"), "PEM private key for ssl: endpoints (mutual TLS).");
    public static final Setting<Path> OVN_CERTIFICATE =
            Setting.of("ovn-certificate", SettingType.path("FILE"), "PEM certificate for ssl: endpoints.");
    public static final Setting<Path> OVN_CA_CERT = Setting.of(
            "ovn-ca-cert",
            SettingType.path("FILE"),
            "PEM CA that verifies the Northbound server of ssl: endpoints (OVS certificates carry no host name, "
                    + "so host names are not checked).");
    public static final Setting<String> NEUTRON_URL = Setting.of(
            "neutron-url",
            SettingType.text("URL"),
            "Neutron's root URL (https://...:9696, without /v2.0). With Keystone it may be left out: the token's "
                    + "service catalog gives it.");
    public static final Setting<Path> NEUTRON_CA_CERT = Setting.of(
                    "neutron-ca-cert",
                    SettingType.path("FILE"),
                    "PEM CA bundle that verifies Neutron and Keystone. Plain http:// is refused.")
            .defaultNote("os-cacert, else the JDK's trust store");
    public static final Setting<String> NEUTRON_AUTH = Setting.of(
                    "neutron-auth",
                    SettingType.oneOf("keystone", "noauth"),
                    "keystone, or noauth for a Neutron with auth_strategy = noauth (development only).")
            .defaultNote("keystone when os-auth-url is set, else noauth");
    public static final Setting<Duration> NEUTRON_TIMEOUT = Setting.of(
                    "neutron-timeout", SettingType.duration(Duration.ofSeconds(1)), "How long one request may take.")
            .defaultsTo("30s")
            .replacing("KUBETRON_NEUTRON_TIMEOUT_SECONDS");
    public static final Setting<Boolean> NEUTRON_INSECURE = Setting.of(
                    "neutron-insecure",
                    SettingType.bool(),
                    "Accept any server certificate from Neutron and Keystone (development only).")
            .defaultNote("os-insecure, else false");
    public static final Setting<String> OS_CLOUD = Setting.of(
            "os-cloud",
            SettingType.text("NAME"),
            "The clouds.yaml entry whose values are read below every other source (as the OpenStack tools do).");
    public static final Setting<Path> OS_CLIENT_CONFIG_FILE = Setting.of(
                    "os-client-config-file", SettingType.path("FILE"), "The clouds.yaml file to read os-cloud from.")
            .defaultNote("./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml");
    public static final Setting<String> OS_AUTH_URL =
            Setting.of("os-auth-url", SettingType.text("URL"), "Keystone v3's URL: Neutron with Keystone tokens.");
    public static final Setting<String> OS_AUTH_TYPE = Setting.of(
                    "os-auth-type",
                    SettingType.oneOf("password", "v3password", "v3applicationcredential", "token", "v3token"),
                    "How to authenticate to Keystone.")
            .defaultNote("v3applicationcredential with os-application-credential-secret, token with os-token, else "
                    + "password");
    public static final Setting<String> OS_USERNAME =
            Setting.of("os-username", SettingType.text("NAME"), "Keystone user (password, application credential).");
    public static final Setting<String> OS_USER_ID =
            Setting.of("os-user-id", SettingType.text("ID"), "Keystone user by id, instead of os-username.");
    public static final Setting<String> OS_PASSWORD = Setting.of(
                    "os-password", SettingType.text("TEXT"), "Keystone password (os-auth-type password).")
            .asSecret();
    public static final Setting<String> OS_PROJECT_NAME =
            Setting.of("os-project-name", SettingType.text("NAME"), "The project the token is scoped to.");
    public static final Setting<String> OS_PROJECT_ID =
            Setting.of("os-project-id", SettingType.text("ID"), "The project by id, instead of os-project-name.");
    public static final Setting<String> OS_USER_DOMAIN_NAME = Setting.of(
                    "os-user-domain-name", SettingType.text("NAME"), "The user's domain.")
            .defaultNote("os-domain-name, else Default");
    public static final Setting<String> OS_USER_DOMAIN_ID =
            Setting.of("os-user-domain-id", SettingType.text("ID"), "The user's domain by id.");
    public static final Setting<String> OS_PROJECT_DOMAIN_NAME = Setting.of(
                    "os-project-domain-name", SettingType.text("NAME"), "The project's domain.")
            .defaultNote("os-domain-name, else Default");
    public static final Setting<String> OS_PROJECT_DOMAIN_ID =
            Setting.of("os-project-domain-id", SettingType.text("ID"), "The project's domain by id.");
    public static final Setting<String> OS_DOMAIN_NAME = Setting.of(
            "os-domain-name",
            SettingType.text("NAME"),
            "The domain of both the user and the project when they give none (the original's variable).");
    public static final Setting<String> OS_DOMAIN_ID =
            Setting.of("os-domain-id", SettingType.text("ID"), "os-domain-name by id.");
    public static final Setting<String> OS_REGION_NAME = Setting.of(
                    "os-region-name", SettingType.text("NAME"), "Region of the catalog's network endpoint.")
            .defaultNote("any");
    public static final Setting<String> OS_INTERFACE = Setting.of(
                    "os-interface",
                    SettingType.oneOf("public", "internal", "admin"),
                    "Which of the catalog's network endpoints to use.")
            .defaultNote("public");
    public static final Setting<Path> OS_CACERT = Setting.of(
            "os-cacert",
            SettingType.path("FILE"),
            "PEM CA bundle, the OpenStack tools' name for neutron-ca-cert (which wins).");
    public static final Setting<Boolean> OS_INSECURE = Setting.of(
                    "os-insecure", SettingType.bool(), "The OpenStack tools' name for neutron-insecure (which wins).")
            .defaultsTo("false");
    public static final Setting<String> OS_APPLICATION_CREDENTIAL_ID = Setting.of(
            "os-application-credential-id", SettingType.text("ID"), "Keystone application credential by id.");
    public static final Setting<String> OS_APPLICATION_CREDENTIAL_NAME = Setting.of(
            "os-application-credential-name",
            SettingType.text("NAME"),
            "Keystone application credential by name (with os-username or os-user-id).");
    public static final Setting<String> OS_APPLICATION_CREDENTIAL_SECRET = Setting.of(
                    "os-application-credential-secret",
                    SettingType.text("TEXT"),
                    "The application credential's secret.")
            .asSecret();
    public static final Setting<String> OS_TOKEN = Setting.of(
                    "os-token", SettingType.text("TEXT"), "A Keystone token (os-auth-type token).")
            .asSecret();

    /** Every backend setting, in the order of {@code --help} and the docs. */
    public static final List<Setting<?>> SETTINGS = List.of(
            BACKEND,
            OVN_NB,
            OVN_PRIVATE_KEY,
            OVN_CERTIFICATE,
            OVN_CA_CERT,
            NEUTRON_URL,
            NEUTRON_CA_CERT,
            NEUTRON_AUTH,
            NEUTRON_TIMEOUT,
            NEUTRON_INSECURE,
            OS_CLOUD,
            OS_CLIENT_CONFIG_FILE,
            OS_AUTH_URL,
            OS_AUTH_TYPE,
            OS_USERNAME,
            OS_USER_ID,
            OS_PASSWORD,
            OS_PROJECT_NAME,
            OS_PROJECT_ID,
            OS_USER_DOMAIN_NAME,
            OS_USER_DOMAIN_ID,
            OS_PROJECT_DOMAIN_NAME,
            OS_PROJECT_DOMAIN_ID,
            OS_DOMAIN_NAME,
            OS_DOMAIN_ID,
            OS_REGION_NAME,
            OS_INTERFACE,
            OS_CACERT,
            OS_INSECURE,
            OS_APPLICATION_CREDENTIAL_ID,
            OS_APPLICATION_CREDENTIAL_NAME,
            OS_APPLICATION_CREDENTIAL_SECRET,
            OS_TOKEN);

    /**
     * The {@code clouds.yaml} entry {@code os-cloud} names, as the lowest source: set variables win over it, as with
     * the OpenStack tools. Searched in {@code os-client-config-file}, {@code ./clouds.yaml},
     * {@code HOME/.config/openstack/clouds.yaml} and {@code /etc/openstack/clouds.yaml}.
     *
     * @param home the user's home directory, or null
     */
    public static Source cloudsYaml(Path home) {
        return Source.derived(s -> s.find(OS_CLOUD).map(cloud -> {
            List<Path> candidates = CloudsYaml.candidates(s.find(OS_CLIENT_CONFIG_FILE), home);
            try {
                CloudsYaml.Entry e = CloudsYaml.read(cloud, candidates);
                return Source.environment(
                        "clouds.yaml " + e.file() + " (cloud " + cloud + ")", "clouds.yaml", e.variables());
            } catch (IllegalArgumentException e) {
                throw new SettingsException("backend", List.of(s.origin(OS_CLOUD) + ": " + e.getMessage()));
            }
        }));
    }

    /**
     * Settings in the environment's style ({@code KUBETRON_OVN_NB}, {@code OS_AUTH_URL}...; the dev kit's and
     * tests' way, and what {@code kubetron lab env} prints), with {@code kindOverride} as {@code --backend}.
     *
     * @throws SettingsException naming every missing or wrong key
     */
    public static BackendSettings fromMap(Map<String, String> environment, String kindOverride) {
        List<Source> sources = new ArrayList<>();
        if (kindOverride != null) {
            sources.add(Source.flags(Map.of(BACKEND.key(), kindOverride)));
        }
        sources.add(Source.environment(environment));
        String home = environment.get("HOME");
        sources.add(cloudsYaml(home == null ? null : Path.of(home)));
        return from(Settings.resolve("backend", SETTINGS, sources));
    }

    /**
     * The typed settings of resolved {@link #SETTINGS} (with {@link #cloudsYaml} among the sources for
     * {@code os-cloud}); checks what depends on several settings.
     *
     * @throws SettingsException naming every missing or wrong key
     */
    public static BackendSettings from(Settings s) {
        List<String> problems = new ArrayList<>();
        String kind = s.find(BACKEND)
                .orElse(s.isGiven(NEUTRON_URL) || s.isGiven(OS_AUTH_URL) || s.isGiven(OS_CLOUD) ? "neutron" : "ovn");
        BackendSettings b = kind.equals("ovn")
                ? new BackendSettings(kind, ovn(s, problems), null)
                : new BackendSettings(kind, null, neutron(s, problems));
        if (!problems.isEmpty()) {
            throw new SettingsException("backend", problems);
        }
        return b;
    }

    private static Ovn ovn(Settings s, List<String> problems) {
        Optional<String> nb = s.find(OVN_NB);
        if (nb.isEmpty()) {
            problems.add(name(OVN_NB) + " is not set (for example ssl:10.0.0.1:6641 or unix:/run/ovn/ovnnb_db.sock)");
            return null;
        }
        Path key = s.get(OVN_PRIVATE_KEY);
        Path cert = s.get(OVN_CERTIFICATE);
        Path ca = s.get(OVN_CA_CERT);
        if (nb.get().contains("ssl:") && (key == null || cert == null || ca == null)) {
            problems.add(s.origin(OVN_NB) + ": an ssl: endpoint needs " + name(OVN_PRIVATE_KEY) + ", "
                    + name(OVN_CERTIFICATE) + " and " + name(OVN_CA_CERT));
        }
        return new Ovn(nb.get(), key, cert, ca);
    }

    private static Neutron neutron(Settings s, List<String> problems) {
        String url = s.get(NEUTRON_URL);
        Path ca = s.find(NEUTRON_CA_CERT).orElse(s.get(OS_CACERT));
        boolean insecure = s.find(NEUTRON_INSECURE).orElse(s.get(OS_INSECURE));
        String mode = s.find(NEUTRON_AUTH).orElse(s.isGiven(OS_AUTH_URL) ? "keystone" : "noauth");
        NeutronAuth auth = null;
        if (mode.equals("noauth")) {
            if (url == null) {
                problems.add(name(NEUTRON_URL) + " is not set (Neutron's root URL, for example https://neutron:9696)");
            } else {
                auth = new NeutronAuth.None(URI.create(url));
            }
        } else {
            auth = keystone(s, url, problems);
        }
        return new Neutron(auth, ca, s.get(NEUTRON_TIMEOUT), insecure);
    }

    /** Keystone v3: password (names or ids), application credential, or a token; the original's OS_DOMAIN_NAME too. */
    private static NeutronAuth keystone(Settings s, String url, List<String> problems) {
        String authUrl = s.get(OS_AUTH_URL);
        if (authUrl == null) {
            problems.add("Keystone authentication needs " + name(OS_AUTH_URL));
            return null;
        }
        String domainName = s.get(OS_DOMAIN_NAME);
        String domainId = s.get(OS_DOMAIN_ID);
        String userDomainName = s.get(OS_USER_DOMAIN_NAME);
        String userDomainId = s.get(OS_USER_DOMAIN_ID);
        if (userDomainName == null && userDomainId == null) {
            userDomainName = domainName;
            userDomainId = domainId;
        }
        String type = s.find(OS_AUTH_TYPE)
                .orElse(
                        s.isGiven(OS_APPLICATION_CREDENTIAL_SECRET)
                                ? "v3applicationcredential"
                                : s.isGiven(OS_TOKEN) ? "v3token" : "password");
        NeutronAuth.Credential credential;
        List<String> missing = new ArrayList<>();
        switch (type) {
            case "password", "v3password" -> {
                if (s.get(OS_USERNAME) == null && s.get(OS_USER_ID) == null) {
                    missing.add(name(OS_USERNAME) + " (or " + name(OS_USER_ID) + ")");
                }
                if (s.get(OS_PASSWORD) == null) {
                    missing.add(name(OS_PASSWORD));
                }
                credential = new NeutronAuth.Password(
                        s.get(OS_USERNAME),
                        s.get(OS_USER_ID),
                        userDomainName == null && userDomainId == null ? "Default" : userDomainName,
                        userDomainId,
                        s.get(OS_PASSWORD));
            }
            case "v3applicationcredential" -> {
                if (s.get(OS_APPLICATION_CREDENTIAL_ID) == null && s.get(OS_APPLICATION_CREDENTIAL_NAME) == null) {
                    missing.add(name(OS_APPLICATION_CREDENTIAL_ID) + " (or " + name(OS_APPLICATION_CREDENTIAL_NAME)
                            + " with " + name(OS_USERNAME) + ")");
                }
                if (s.get(OS_APPLICATION_CREDENTIAL_SECRET) == null) {
                    missing.add(name(OS_APPLICATION_CREDENTIAL_SECRET));
                }
                credential = new NeutronAuth.ApplicationCredential(
                        s.get(OS_APPLICATION_CREDENTIAL_ID),
                        s.get(OS_APPLICATION_CREDENTIAL_NAME),
                        s.get(OS_USERNAME),
                        s.get(OS_USER_ID),
                        userDomainName == null ? "Default" : userDomainName,
                        s.get(OS_APPLICATION_CREDENTIAL_SECRET));
            }
            default -> {
                if (s.get(OS_TOKEN) == null) {
                    missing.add(name(OS_TOKEN));
                }
                credential = new NeutronAuth.Token(s.get(OS_TOKEN));
            }
        }
        NeutronAuth.Scope scope = null;
        if (!(credential instanceof NeutronAuth.ApplicationCredential)) {
            if (s.get(OS_PROJECT_NAME) == null && s.get(OS_PROJECT_ID) == null) {
                missing.add(name(OS_PROJECT_NAME) + " (or " + name(OS_PROJECT_ID) + ")");
            }
            String projectDomainName = s.get(OS_PROJECT_DOMAIN_NAME);
            String projectDomainId = s.get(OS_PROJECT_DOMAIN_ID);
            if (projectDomainName == null && projectDomainId == null) {
                projectDomainName = domainName == null && domainId == null ? "Default" : domainName;
                projectDomainId = domainId;
            }
            scope = new NeutronAuth.Scope(
                    s.get(OS_PROJECT_NAME), s.get(OS_PROJECT_ID), projectDomainName, projectDomainId);
        }
        if (!missing.isEmpty()) {
            problems.add("Keystone authentication (" + type + ") needs " + String.join(", ", missing));
            return null;
        }
        return new NeutronAuth.Keystone(
                URI.create(authUrl),
                credential,
                scope,
                s.get(OS_REGION_NAME),
                s.get(OS_INTERFACE),
                url == null ? null : URI.create(url));
    }

    /** {@code os-password (OS_PASSWORD)}: the key and the variable most users set. */
    private static String name(Setting<?> s) {
        return s.key() + " (" + s.env().orElseThrow() + ")";
    }
}
