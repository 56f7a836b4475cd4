package io.kubetron.lab.neutron;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Keystone's users, projects, roles and catalog for the lab, made through Keystone's own REST API with the admin that
 * {@code keystone-manage bootstrap} created.
 *
 * <ul>
 *   <li>{@value #KUBETRON_USER} / {@value #KUBETRON_PASSWORD}: Kubetron's user, roles {@code member} and
 *       {@value #NETWORK_ADMIN_ROLE} in project {@value #KUBETRON_PROJECT}. The lab's Neutron policy makes that role
 *       admin for Neutron (provider attributes, {@code binding:host_id}); it is no admin in Keystone.</li>
 *   <li>{@value #NEUTRON_USER}: keystonemiddleware's service user, roles {@code admin} and {@code service} in project
 *       {@value #SERVICE_PROJECT}.</li>
 *   <li>{@value #ADMIN_USER} / {@value #ADMIN_PASSWORD}: Keystone's bootstrap admin, project {@code admin}.</li>
 * </ul>
 */
public final class KeystoneProvisioning {
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin-pass";
    public static final String ADMIN_PROJECT = "admin";
    public static final String SERVICE_PROJECT = "service";
    public static final String NEUTRON_USER = "neutron";
    public static final String NEUTRON_PASSWORD = "neutron-pass";
    public static final String KUBETRON_PROJECT = "kubetron";
    public static final String KUBETRON_USER = "kubetron";
    public static final String KUBETRON_PASSWORD = "kubetron-pass";
    public static final String NETWORK_ADMIN_ROLE = "network_admin";

    private final LabHttp http;
    private final String base;

    /** @param authUrl Keystone's v3 URL */
    public KeystoneProvisioning(LabHttp http, String authUrl) {
        this.http = http;
        this.base = authUrl;
    }

    /** A project-scoped token from {@code POST /v3/auth/tokens} (password method, Default domain). */
    public String token(String user, String password, String project) {
        return http.expect(201, "POST", uri("/auth/tokens"), null, tokenRequest(user, password, project))
                .headers()
                .firstValue("X-Subject-Token")
                .orElseThrow(() -> new IllegalStateException("no X-Subject-Token"));
    }

    /** The body of {@code POST /v3/auth/tokens} for a password login scoped to a project of the Default domain. */
    public static Map<String, Object> tokenRequest(String user, String password, String project) {
        Map<String, Object> domain = Map.of("id", "default");
        return Map.of(
                "auth",
                Map.of(
                        "identity",
                                Map.of(
                                        "methods",
                                        List.of("password"),
                                        "password",
                                        Map.of("user", Map.of("name", user, "domain", domain, "password", password))),
                        "scope", Map.of("project", Map.of("name", project, "domain", domain))));
    }

    /** Creates the roles, projects, users and grants above; once per bootstrapped (and then cached) Keystone. */
    void provision() {
        String t = adminToken();
        Map<String, String> roles = new HashMap<>();
        for (JsonNode r : http.expect(200, "GET", uri("/roles"), t, null).json().get("roles")) {
            roles.put(r.get("name").asString(), r.get("id").asString());
        }
        for (String role : List.of("service", "member", NETWORK_ADMIN_ROLE)) {
            roles.computeIfAbsent(role, n -> create(t, "/roles", "role", Map.of("name", n)));
        }
        String service = create(t, "/projects", "project", Map.of("name", SERVICE_PROJECT, "domain_id", "default"));
        String kubetron = create(t, "/projects", "project", Map.of("name", KUBETRON_PROJECT, "domain_id", "default"));
        String neutron = create(
                t,
                "/users",
                "user",
                Map.of("name", NEUTRON_USER, "password", NEUTRON_PASSWORD, "domain_id", "default"));
        String user = create(
                t,
                "/users",
                "user",
                Map.of(
                        "name",
                        KUBETRON_USER,
                        "password",
                        KUBETRON_PASSWORD,
                        "domain_id",
                        "default",
                        "default_project_id",
                        kubetron));
        grant(t, service, neutron, roles.get("admin"));
        grant(t, service, neutron, roles.get("service"));
        grant(t, kubetron, user, roles.get("member"));
        grant(t, kubetron, user, roles.get(NETWORK_ADMIN_ROLE));
    }

    /**
     * Points the catalog at this lab's ports: the identity endpoints (made by bootstrap, maybe on another port when the
     * Keystone came from the cache) and a {@code network} service with public, internal and admin endpoints.
     */
    void syncCatalog(String identityUrl, String networkUrl) {
        String t = adminToken();
        Map<String, String> serviceTypes = new HashMap<>();
        for (JsonNode s :
                http.expect(200, "GET", uri("/services"), t, null).json().get("services")) {
            serviceTypes.put(s.get("id").asString(), s.get("type").asString());
        }
        String network = serviceTypes.entrySet().stream()
                .filter(e -> e.getValue().equals("network"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseGet(() -> create(t, "/services", "service", Map.of("name", "neutron", "type", "network")));
        serviceTypes.put(network, "network");
        Map<String, String> wanted = Map.of("identity", identityUrl, "network", networkUrl);
        java.util.Set<String> networkInterfaces = new java.util.HashSet<>();
        for (JsonNode e :
                http.expect(200, "GET", uri("/endpoints"), t, null).json().get("endpoints")) {
            String type = serviceTypes.get(e.get("service_id").asString());
            String url = wanted.get(type);
            if ("network".equals(type)) {
                networkInterfaces.add(e.get("interface").asString());
            }
            if (url != null && !url.equals(e.get("url").asString())) {
                http.expect(
                        200,
                        "PATCH",
                        uri("/endpoints/" + e.get("id").asString()),
                        t,
                        Map.of("endpoint", Map.of("url", url)));
            }
        }
        for (String iface : List.of("public", "internal", "admin")) {
            if (!networkInterfaces.contains(iface)) {
                create(
                        t,
                        "/endpoints",
                        "endpoint",
                        Map.of(
                                "service_id",
                                network,
                                "interface",
                                iface,
                                "url",
                                networkUrl,
                                "region_id",
                                KeystoneCredentials.REGION));
            }
        }
    }

    private String adminToken() {
        return token(ADMIN_USER, ADMIN_PASSWORD, ADMIN_PROJECT);
    }

    private String create(String token, String path, String kind, Map<String, Object> fields) {
        return http.expect(201, "POST", uri(path), token, Map.of(kind, fields))
                .json()
                .get(kind)
                .get("id")
                .asString();
    }

    private void grant(String token, String project, String user, String role) {
        http.expect(204, "PUT", uri("/projects/" + project + "/users/" + user + "/roles/" + role), token, null);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
