package io.kubetron.neutron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.common.tls.TlsContexts;
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

    private static NeutronAuth.Keystone auth(KeystoneCredentials k, String password, URI endpoint) {
        return new NeutronAuth.Keystone(
                URI.create(k.authUrl()),
                new NeutronAuth.Password(k.username(), null, KeystoneCredentials.DOMAIN, null, password),
                scope(k),
                k.region(),
                null,
                endpoint);
    }

    private static NeutronAuth.Scope scope(KeystoneCredentials k) {
        return new NeutronAuth.Scope(k.projectName(), null, KeystoneCredentials.DOMAIN, null);
    }

    @Test
    void aGivenTokenAndAnApplicationCredentialWorkToo(NeutronEndpoints n) throws Exception {
        KeystoneCredentials k = n.keystone().orElseThrow();
        NeutronClient password =
                new NeutronClient(auth(k, k.password(), n.url()), n.caCert(), Duration.ofSeconds(30), false);
        password.check();
        String token = password.currentToken();

        NeutronClient byToken = new NeutronClient(
                new NeutronAuth.Keystone(
                        URI.create(k.authUrl()), new NeutronAuth.Token(token), scope(k), k.region(), null, null),
                n.caCert(),
                Duration.ofSeconds(30),
                false);
        byToken.check();

        // an application credential of the same user, made through Keystone's API with that token
        var http = java.net.http.HttpClient.newBuilder()
                .sslContext(TlsContexts.trusting(n.caCert()))
                .build();
        var who = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(k.authUrl() + "/auth/tokens"))
                        .header("X-Auth-Token", token)
                        .header("X-Subject-Token", token)
                        .GET()
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String userId = JsonHttp.JSON
                .readTree(who.body())
                .path("token")
                .path("user")
                .path("id")
                .asString();
        var made = http.send(
                java.net.http.HttpRequest.newBuilder(
                                URI.create(k.authUrl() + "/users/" + userId + "/application_credentials"))
                        .header("X-Auth-Token", token)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"application_credential\":{\"name\":\"kt-" + System.nanoTime() + "\"}}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        var ac = JsonHttp.JSON.readTree(made.body()).path("application_credential");
        NeutronClient byAppCredential = new NeutronClient(
                new NeutronAuth.Keystone(
                        URI.create(k.authUrl()),
                        new NeutronAuth.ApplicationCredential(
                                ac.path("id").asString(),
                                null,
                                null,
                                null,
                                null,
                                ac.path("secret").asString()),
                        null,
                        k.region(),
                        null,
                        null),
                n.caCert(),
                Duration.ofSeconds(30),
                false);
        byAppCredential.check();
    }

    @Test
    void insecureModeAcceptsAnyCertificateButOnlyWhenAskedFor(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        new NeutronClient(auth(k, k.password(), n.url()), TlsContexts.trustingAnything(), Duration.ofSeconds(30), false)
                .check();
    }

    @Test
    void goodCredentialsWorkAndTheNeutronEndpointComesFromTheCatalog(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        NeutronClient client =
                new NeutronClient(auth(k, k.password(), null), n.caCert(), Duration.ofSeconds(30), false);
        NeutronNetwork net = client.createNetwork(NetworkCreate.overlay("it-keystone"));
        try {
            assertThat(client.listNetworks(Map.of("name", "it-keystone")))
                    .extracting(NeutronNetwork::id)
                    .containsExactly(net.id());
        } finally {
            assertThat(client.deleteNetwork(net.id())).isTrue();
        }
        assertThat(client.deleteNetwork(net.id())).as("already gone").isFalse();
    }

    @Test
    void aWrongPasswordIsAClearError(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        NeutronClient client =
                new NeutronClient(auth(k, "not-the-password", n.url()), n.caCert(), Duration.ofSeconds(30), false);
        assertThatThrownBy(client::check).isInstanceOfSatisfying(NeutronException.class, e -> {
            assertThat(e.unauthorized()).isTrue();
            assertThat(e.getMessage())
                    .startsWith("authenticate to Keystone " + k.authUrl() + " with Password[user=" + k.username()
                            + ", domain=Default]: 401")
                    .doesNotContain("not-the-password");
        });
    }

    @Test
    void anExpiredTokenIsRenewedWithoutTheCallerNoticing(NeutronEndpoints n) {
        KeystoneCredentials k = n.keystone().orElseThrow();
        MovableClock clock = new MovableClock();
        NeutronClient client =
                new NeutronClient(auth(k, k.password(), n.url()), n.caCert(), Duration.ofSeconds(30), false, clock);
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
        NeutronClient trustsJdkDefaults = new NeutronClient(
                auth(k, k.password(), n.url()), (java.nio.file.Path) null, Duration.ofSeconds(30), false);
        assertThatThrownBy(trustsJdkDefaults::check).isInstanceOfSatisfying(NeutronException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage())
                    .contains("TLS handshake failed (is the server's CA in the configured CA bundle?)");
        });
    }
}
