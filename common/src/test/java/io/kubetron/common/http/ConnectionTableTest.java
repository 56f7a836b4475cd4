package io.kubetron.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
    private final List<String> evicted = new ArrayList<>();

    private ConnectionTable.Member member(String name) {
        return () -> evicted.add(name);
    }

    @Test
    void evictsConnectionsWithoutAWholeRequestFirstThenTheLongestIdleNeverABusyOne() {
        ConnectionTable t = new ConnectionTable(3);
        ConnectionTable.Member apiServer = member("api-server");
        ConnectionTable.Member busy = member("busy");
        ConnectionTable.Member flood1 = member("flood-1");
        assertThat(t.admit(apiServer)).isTrue();
        t.busy(apiServer);
        t.idle(apiServer); // served once, now idle
        assertThat(t.admit(busy)).isTrue();
        t.busy(busy);
        assertThat(t.admit(flood1)).isTrue();
        assertThat(t.admit(member("flood-2"))).isTrue();
        assertThat(evicted).containsExactly("flood-1");
        assertThat(t.admit(member("flood-3"))).isTrue();
        assertThat(evicted).containsExactly("flood-1", "flood-2");
        t.busy(apiServer); // the API server sends a request: it is never cut now
        t.busy(member("flood-3")); // unknown members are ignored
        assertThat(t.open()).isEqualTo(3);
    }

    @Test
    void slowBodiesOfServedConnectionsGiveWayAfterIdleOnesTheOldestFirst() {
        ConnectionTable t = new ConnectionTable(3);
        ConnectionTable.Member slow1 = member("slow-1");
        ConnectionTable.Member slow2 = member("slow-2");
        ConnectionTable.Member apiServer = member("api-server");
        for (ConnectionTable.Member m : List.of(slow1, slow2, apiServer)) {
            t.admit(m);
            t.busy(m);
            t.idle(m); // each has been served once
        }
        t.receiving(slow1); // then trickles a body
        t.receiving(slow2);
        assertThat(t.admit(member("new-1"))).isTrue();
        assertThat(evicted).containsExactly("api-server"); // idle goes before a body in progress
        // new-1 has not brought a whole request yet: it goes before the bodies in progress
        assertThat(t.admit(member("new-2"))).isTrue();
        assertThat(evicted).containsExactly("api-server", "new-1");
        assertThat(t.admit(member("new-3"))).isTrue();
        assertThat(evicted).containsExactly("api-server", "new-1", "new-2");
    }

    @Test
    void aBodyReceivedLongestGivesWayWhenNothingElseCan() {
        ConnectionTable t = new ConnectionTable(2);
        ConnectionTable.Member slow = member("slow");
        ConnectionTable.Member fast = member("fast");
        for (ConnectionTable.Member m : List.of(slow, fast)) {
            t.admit(m);
            t.busy(m);
            t.idle(m);
        }
        t.receiving(slow);
        t.receiving(fast);
        assertThat(t.admit(member("c"))).isTrue();
        assertThat(evicted).containsExactly("slow");
    }

    @Test
    void refusesWhenEveryConnectionHoldsARequest() {
        ConnectionTable t = new ConnectionTable(2);
        ConnectionTable.Member a = member("a");
        ConnectionTable.Member b = member("b");
        t.admit(a);
        t.busy(a);
        t.admit(b);
        t.busy(b);
        assertThat(t.admit(member("c"))).isFalse();
        t.closed(a);
        assertThat(t.admit(member("d"))).isTrue();
        assertThat(t.open()).isEqualTo(2);
        assertThat(evicted).isEmpty();
    }
}
