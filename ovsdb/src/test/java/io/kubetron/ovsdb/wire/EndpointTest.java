package io.kubetron.ovsdb.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesTheOvsForms() {
        assertThat(Endpoint.parse("unix:/run/ovn/ovnnb_db.sock"))
                .isEqualTo(new Endpoint.Unix(Path.of("/run/ovn/ovnnb_db.sock")));
        assertThat(Endpoint.parse("tcp:127.0.0.1:6641")).isEqualTo(new Endpoint.Tcp("127.0.0.1", 6641));
        assertThat(Endpoint.parse("ssl:10.0.0.1:6643")).isEqualTo(new Endpoint.Ssl("10.0.0.1", 6643));
        assertThat(Endpoint.parse("tcp:127.0.0.1")).isEqualTo(new Endpoint.Tcp("127.0.0.1", 6640));
        assertThat(Endpoint.parse("ssl:[::1]:6643")).isEqualTo(new Endpoint.Ssl("::1", 6643));
        assertThat(Endpoint.parse("tcp:[fe80::1]")).isEqualTo(new Endpoint.Tcp("fe80::1", 6640));
    }

    @Test
    void printsBackTheSameSpelling() {
        for (String s : new String[] {"unix:/tmp/x.sock", "tcp:127.0.0.1:6641", "ssl:[::1]:6643"}) {
            assertThat(Endpoint.parse(s)).hasToString(s);
        }
    }

    @Test
    void parsesClusterLists() {
        assertThat(Endpoint.parseList("tcp:10.0.0.1:6641, tcp:10.0.0.2:6641,ssl:10.0.0.3:6643"))
                .containsExactly(
                        new Endpoint.Tcp("10.0.0.1", 6641),
                        new Endpoint.Tcp("10.0.0.2", 6641),
                        new Endpoint.Ssl("10.0.0.3", 6643));
    }

    @Test
    void rejectsBadEndpointsWithAReadableMessage() {
        assertThatThrownBy(() -> Endpoint.parse("/run/x.sock"))
                .hasMessageContaining("must start with unix:, tcp: or ssl:");
        assertThatThrownBy(() -> Endpoint.parse("udp:1.2.3.4:5")).hasMessageContaining("unknown kind udp");
        assertThatThrownBy(() -> Endpoint.parse("tcp:1.2.3.4:99999")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Endpoint.parse("tcp:1.2.3.4:x")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> Endpoint.parse("tcp::6641")).hasMessageContaining("no host");
        assertThatThrownBy(() -> Endpoint.parse("tcp:fe80::1:6641")).hasMessageContaining("[ADDR]:PORT");
        assertThatThrownBy(() -> Endpoint.parse("unix:")).hasMessageContaining("no socket path");
        assertThatThrownBy(() -> Endpoint.parseList(" , ")).hasMessageContaining("no endpoint");
    }
}
