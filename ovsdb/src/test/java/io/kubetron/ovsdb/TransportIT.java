package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.lab.Pki;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.testsupport.OvsdbServer;
import io.kubetron.ovsdb.testsupport.Threads;
import io.kubetron.ovsdb.wire.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** unix, tcp and mutual-TLS connections to a real ovsdb-server. */
class TransportIT {
    private static Path pkiDir;
    private static Pki ca;
    private static Pki otherCa;
    private static Pki.Identity client;
    private static OvsdbServer server;

    @BeforeAll
    static void startServer() throws Exception {
        pkiDir = Files.createTempDirectory("kt-pki-");
        ca = Pki.createCa(pkiDir, "ca");
        otherCa = Pki.createCa(pkiDir, "otherca");
        client = ca.issue("client");
        server = OvsdbServer.start(ca.issue("server"), OvsdbServer.NB_SCHEMA);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        server = null;
        try (var files = Files.walk(pkiDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // best effort
        }
    }

    private static void roundTrip(OvsdbClient c) {
        assertThat(c.listDbs()).contains("OVN_Northbound", "_Server");
        TransactResult r = c.transact(
                "OVN_Northbound", Operation.insert("Logical_Switch", Map.of("name", "ls-" + System.nanoTime()), "ls"));
        assertThat(r.uuid("ls")).isNotNull();
    }

    @Test
    void unixSocket() {
        try (OvsdbClient c = OvsdbClient.connect(server.unix())) {
            roundTrip(c);
            assertThat(c.endpoint()).hasValueSatisfying(e -> assertThat(e).hasToString(server.unix()));
        }
    }

    @Test
    void tcp() {
        try (OvsdbClient c = OvsdbClient.connect(server.tcp())) {
            roundTrip(c);
        }
    }

    @Test
    void mutualTls() {
        try (OvsdbClient c = OvsdbClient.connect(ClientOptions.builder(server.ssl())
                .tls(TlsOptions.of(client.privateKey(), client.certificate(), client.caCertificate()))
                .build())) {
            roundTrip(c);
        }
    }

    @Test
    void mutualTlsWithHostnameVerificationWhenTheCertificateNamesTheHost() {
        // lab certificates carry 127.0.0.1; OVS ones do not, which is why this is off by default
        try (OvsdbClient c = OvsdbClient.connect(ClientOptions.builder(server.ssl())
                .tls(TlsOptions.of(client.privateKey(), client.certificate(), client.caCertificate())
                        .withHostnameVerification(true))
                .build())) {
            roundTrip(c);
        }
    }

    @Test
    void clientWithoutCertificateIsRefused() {
        Set<String> before = Threads.clientThreads();
        assertThatThrownBy(() -> OvsdbClient.connect(ClientOptions.builder(server.ssl())
                        .tls(new TlsOptions(null, null, ca.caCertFile(), false))
                        .reconnect(false)
                        .build()))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("cannot connect to " + server.ssl())
                .hasMessageContaining("the server requires a client certificate and we sent none");
        assertThat(Threads.clientThreads()).isSubsetOf(before);
    }

    @Test
    void clientCertificateFromAnotherCaIsRefused() {
        Pki.Identity rogue = otherCa.issue("rogue");
        assertThatThrownBy(() -> OvsdbClient.connect(ClientOptions.builder(server.ssl())
                        .tls(TlsOptions.of(rogue.privateKey(), rogue.certificate(), ca.caCertFile()))
                        .build()))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining(
                        "the server rejected our client certificate: it requires one issued by a CA it trusts");
    }

    @Test
    void serverNotSignedByOurCaIsRefused() {
        Pki.Identity other = otherCa.issue("other-client");
        assertThatThrownBy(() -> OvsdbClient.connect(ClientOptions.builder(server.ssl())
                        .tls(TlsOptions.of(other.privateKey(), other.certificate(), other.caCertificate()))
                        .build()))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("the server's certificate is not signed by the configured CA certificate");
    }

    @Test
    void clusterListTriesEachEndpointInTurn() {
        String dead = "tcp:127.0.0.1:1";
        try (OvsdbClient c = OvsdbClient.connect(dead + "," + server.unix())) {
            assertThat(c.endpoint()).hasValueSatisfying(e -> assertThat(e).hasToString(server.unix()));
            roundTrip(c);
        }
        assertThatThrownBy(() -> OvsdbClient.connect(dead + ",unix:/nonexistent/x.sock"))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("cannot connect to any of [tcp:127.0.0.1:1, unix:/nonexistent/x.sock]")
                .hasMessageContaining("Connection refused");
    }
}
