package io.kubetron.lab.neutron;

import io.kubetron.lab.LabConfig;
import io.kubetron.lab.NeutronOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach a lab's Neutron (and Keystone).
 *
 * @param url Neutron's root URL (HTTPS, no {@code /v2.0})
 * @param caCert the lab CA's certificate (PEM): the only one that verifies Neutron's and Keystone's certificates
 * @param auth {@code noauth} (every request is admin) or {@code keystone}
 * @param keystone Kubetron's Keystone user, when {@code auth} is {@code keystone}
 * @param chassisHostname the {@code binding:host_id} that binds a port to the lab's chassis
 */
public record NeutronEndpoints(
        URI url, Path caCert, String auth, Optional<KeystoneCredentials> keystone, String chassisHostname) {

    /** The endpoints of {@code c}'s Neutron; empty when the lab runs none. */
    public static Optional<NeutronEndpoints> of(LabConfig c) {
        NeutronOptions n = c.neutron();
        if (!n.enabled()) {
            return Optional.empty();
        }
        Optional<KeystoneCredentials> ks = n.keystone()
                ? Optional.of(new KeystoneCredentials(
                        KeystoneCredentials.authUrl(n.keystonePort()),
                        KeystoneProvisioning.KUBETRON_USER,
                        KeystoneProvisioning.KUBETRON_PASSWORD,
                        KeystoneProvisioning.KUBETRON_PROJECT,
                        KeystoneCredentials.REGION))
                : Optional.empty();
        return Optional.of(new NeutronEndpoints(
                URI.create("https://127.0.0.1:" + n.port()), caCertOf(c), n.auth(), ks, c.chassis()));
    }

    static Path caCertOf(LabConfig c) {
        return c.pkiDir().resolve("labca-cacert.pem");
    }

    /** {@code KUBETRON_NEUTRON_*} and, with Keystone, the {@code OS_*} variables. */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("KUBETRON_NEUTRON_URL", url.toString());
        v.put("KUBETRON_NEUTRON_CA_CERT", caCert.toString());
        v.put("KUBETRON_NEUTRON_AUTH", auth);
        keystone.ifPresent(k -> v.putAll(k.variables(caCert.toString())));
        return v;
    }
}
