package io.kubetron.neutron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.lab.neutron.KeystoneCredentials;
import io.kubetron.lab.neutron.NeutronEndpoints;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.NeutronLab;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real Keystone v3 and a real Neutron, both over HTTPS signed by the lab's CA. */
@ExtendWith(LabExtension.class)
@NeutronLab(keystone = true)
class KeystoneIT {

    private static NeutronAuth.KeystonePassword auth(KeystoneCredentials k, String password, URI endpoint) {
        return new NeutronAuth.KeystonePassword(URI.create(k.authUrl()), k.username(), password,
                KeystoneCredentials.DOMAIN, k.projectName(), KeystoneCredentials.DOMAIN, k.region(), endpoint);
    }

    @Test
    void goodCredentialsWorkAndTheNeutronEndpointComesFromTheCatalog(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        NeutronClient client = new NeutronClient(auth(k, k.password(), null), n.caCert(), Duration.ofSeconds(30), false);
        NeutronNetwork net = client.createNetwork(NetworkCreate.overlay("it-keystone"));
        try {
            assertThat(client.listNetworks(Map.of("name", "it-keystone"))).extracting(NeutronNetwork::id)
                    .containsExactly(net.id());
        } finally {
            assertThat(client.deleteNetwork(net.id())).isTrue();
        }
        assertThat(client.deleteNetwork(net.id())).as("already gone").isFalse();
    }

    @Test
    void aWrongPasswordIsAClearError(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        NeutronClient client = new NeutronClient(auth(k, "not-the-password", n.url()), n.caCert(), Duration.ofSeconds(30),
                false);
        assertThatThrownBy(client::check).isInstanceOfSatisfying(NeutronException.class, e -> {
            assertThat(e.unauthorized()).isTrue();
            assertThat(e.getMessage()).startsWith("authenticate to Keystone " + k.authUrl() + " as " + k.username()
                    + ": 401").doesNotContain("not-the-password");
        });
    }

    @Test
    void anExpiredTokenIsRenewedWithoutTheCallerNoticing(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        MovableClock clock = new MovableClock();
        NeutronClient client = new NeutronClient(auth(k, k.password(), n.url()), n.caCert(), Duration.ofSeconds(30),
                false, clock);
        client.check();
        String first = client.currentToken();
        client.check();
        assertThat(client.currentToken()).as("a valid token is reused").isEqualTo(first);

        // Keystone's tokens live an hour: two hours later the first one has expired
        clock.advance(Duration.ofHours(2));
        client.check();
        assertThat(client.currentToken()).isNotEqualTo(first);
    }

    /** A UTC clock that tests can move forward. */
    static final class MovableClock extends java.time.Clock {
        private volatile Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.now().plus(offset);
        }
    }

    @Test
    void tlsIsVerifiedAgainstTheConfiguredCaOnly(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        NeutronClient trustsJdkDefaults = new NeutronClient(auth(k, k.password(), n.url()), null, Duration.ofSeconds(30),
                false);
        assertThatThrownBy(trustsJdkDefaults::check).isInstanceOfSatisfying(NeutronException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).contains("TLS handshake failed (is the server's CA in the configured CA bundle?)");
        });
    }
}
