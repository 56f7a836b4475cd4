package io.kubetron.lab.neutron;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a client logs in to a lab's Keystone: the {@code OS_*} variables of the OpenStack tools.
 *
 * @param authUrl Keystone's v3 URL (HTTPS)
 * @param username a user of the Default domain
 * @param password its password
 * @param projectName the project the token is scoped to (Default domain)
 * @param region the catalog's region
 */
public record KeystoneCredentials(String authUrl, String username, String password, String projectName, String region) {
    public static final String REGION = "RegionOne";
    public static final String DOMAIN = "Default";

    static String authUrl(int port) {
        return "https://127.0.0.1:" + port + "/v3";
    }

    /** The {@code OS_*} variables; {@code OS_CACERT} is the lab's CA. */
    public Map<String, String> variables(String caCert) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("OS_AUTH_URL", authUrl);
        v.put("OS_USERNAME", username);
        v.put("OS_PASSWORD", password);
        v.put("OS_PROJECT_NAME", projectName);
        v.put("OS_USER_DOMAIN_NAME", DOMAIN);
        v.put("OS_PROJECT_DOMAIN_NAME", DOMAIN);
        v.put("OS_REGION_NAME", region);
        v.put("OS_CACERT", caCert);
        return v;
    }
}
