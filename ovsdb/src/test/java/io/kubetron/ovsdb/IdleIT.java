package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.ovsdb.testsupport.OvsdbServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ovsdb-server probes idle connections every 5 s and drops them after 10 s without an answer. */
class IdleIT {

    @Test
    void idleConnectionStaysUpFor20Seconds() throws Exception {
        try (OvsdbServer server = OvsdbServer.startNb();
                OvsdbClient tcp = OvsdbClient.connect(server.tcp());
                OvsdbClient unix = OvsdbClient.connect(ClientOptions.builder(server.unix())
                        .probeInterval(Duration.ZERO)
                        .build())) {
            // the unix client sends no probes of its own: only answering the server's keeps it connected
            Thread.sleep(Duration.ofSeconds(20));
            for (OvsdbClient c : new OvsdbClient[] {tcp, unix}) {
                assertThat(c.isConnected()).isTrue();
                assertThat(c.connectionCount()).isEqualTo(1);
                assertThat(c.listDbs()).contains("OVN_Northbound");
            }
            assertThat(server.log()).doesNotContain("no response to inactivity probe");
        }
    }
}
