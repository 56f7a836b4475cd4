package io.kubetron.backend.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads one cloud of an OpenStack {@code clouds.yaml} (the file {@code OS_CLOUD} names an entry of) into the
 * {@code OS_*} variables of the {@code os-*} settings ({@link BackendSettings#cloudsYaml}). Searched where the
 * OpenStack tools look: {@code OS_CLIENT_CONFIG_FILE}, {@code ./clouds.yaml}, {@code ~/.config/openstack/clouds.yaml},
 * {@code /etc/openstack/clouds.yaml}.
 */
final class CloudsYaml {
    private static final Map<String, String> AUTH_KEYS = Map.ofEntries(
            Map.entry("auth_url", "OS_AUTH_URL"),
            Map.entry("username", "OS_USERNAME"),
            Map.entry("user_id", "OS_USER_ID"),
            Map.entry("password", "OS_PASSWORD"),
            Map.entry("project_name", "OS_PROJECT_NAME"),
            Map.entry("project_id", "OS_PROJECT_ID"),
            Map.entry("user_domain_name", "OS_USER_DOMAIN_NAME"),
            Map.entry("user_domain_id", "OS_USER_DOMAIN_ID"),
            Map.entry("project_domain_name", "OS_PROJECT_DOMAIN_NAME"),
            Map.entry("project_domain_id", "OS_PROJECT_DOMAIN_ID"),
            Map.entry("domain_name", "OS_DOMAIN_NAME"),
            Map.entry("domain_id", "OS_DOMAIN_ID"),
            Map.entry("application_credential_id", "OS_APPLICATION_CREDENTIAL_ID"),
            Map.entry("application_credential_name", "OS_APPLICATION_CREDENTIAL_NAME"),
            Map.entry("application_credential_secret", "OS_APPLICATION_CREDENTIAL_SECRET"),
            Map.entry("token", "OS_TOKEN"));

    private CloudsYaml() {}

    /** One cloud's variables and the file they came from. */
    record Entry(Path file, Map<String, String> variables) {}

    /** Where to look, in order: {@code OS_CLIENT_CONFIG_FILE}, here, {@code home} (when known), {@code /etc}. */
    static List<Path> candidates(Optional<Path> clientConfigFile, Path home) {
        List<Path> c = new ArrayList<>();
        clientConfigFile.ifPresent(c::add);
        c.add(Path.of("clouds.yaml"));
        if (home != null) {
            c.add(home.resolve(".config/openstack/clouds.yaml"));
        }
        c.add(Path.of("/etc/openstack/clouds.yaml"));
        return c;
    }

    /** The {@code OS_*} variables of cloud {@code name}; throws when no file has it. */
    static Entry read(String name, List<Path> candidates) {
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            JsonNode cloud;
            try {
                cloud = YAMLMapper.builder()
                        .build()
                        .readTree(Files.readString(p))
                        .path("clouds")
                        .path(name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(p + " is not valid YAML: " + e.getMessage(), e);
            }
            if (cloud.isMissingNode()) {
                continue;
            }
            return new Entry(p, variables(cloud));
        }
        throw new IllegalArgumentException("no cloud '" + name + "' in " + candidates);
    }

    static Map<String, String> variables(JsonNode cloud) {
        Map<String, String> v = new LinkedHashMap<>();
        JsonNode auth = cloud.path("auth");
        AUTH_KEYS.forEach((yaml, env) -> {
            if (auth.hasNonNull(yaml)) {
                v.put(env, auth.get(yaml).asString());
            }
        });
        put(v, cloud, "auth_type", "OS_AUTH_TYPE");
        put(v, cloud, "region_name", "OS_REGION_NAME");
        put(v, cloud, "interface", "OS_INTERFACE");
        put(v, cloud, "cacert", "OS_CACERT");
        if (cloud.has("verify") && !cloud.get("verify").asBoolean(true)) {
            v.put("OS_INSECURE", "true");
        }
        return v;
    }

    private static void put(Map<String, String> v, JsonNode n, String yaml, String env) {
        if (n.hasNonNull(yaml)) {
            v.put(env, n.get(yaml).asString());
        }
    }
}
