package io.kubetron.node.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing iproute2's JSON, on output recorded from {@code ip -j addr show} on this machine (iproute2 6.1). */
class LinkStateTest {
    @Test
    void readsNamesMacsAdminStateAndIpv4Addresses() throws IOException {
        String json;
        try (InputStream in = getClass().getResourceAsStream("/iproute2/addr-show.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LinkState s = LinkState.parse(json);
        assertThat(s.links()).containsKeys("lo", "a1", "a2");
        LinkState.Link a1 = s.links().get("a1");
        assertThat(a1.ipv4()).containsExactly("10.9.9.1");
        assertThat(a1.mac()).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
        assertThat(a1.up()).isFalse();
        assertThat(s.links().get("a2").ipv4()).isEmpty();
    }

    @Test
    void upMeansTheUpFlagAndAnEmptyAnswerIsNoLinks() {
        LinkState s = LinkState.parse("""
                [{"ifname":"net1","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"address":"0A:58:0A:01:00:05",
                  "addr_info":[{"family":"inet","local":"10.1.0.5","prefixlen":24},
                               {"family":"inet6","local":"fe80::1","prefixlen":64}]}]""");
        LinkState.Link l = s.links().get("net1");
        assertThat(l.up()).isTrue();
        assertThat(l.mac()).isEqualTo("0a:58:0a:01:00:05");
        assertThat(l.ipv4()).containsExactly("10.1.0.5");
        assertThat(LinkState.parse("").links()).isEmpty();
    }
}
