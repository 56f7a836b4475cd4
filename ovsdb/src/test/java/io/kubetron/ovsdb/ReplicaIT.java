package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.replica.ReplicaChange;
import io.kubetron.ovsdb.replica.ReplicaListener;
import io.kubetron.ovsdb.replica.RowChange;
import io.kubetron.ovsdb.testsupport.OvsdbServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replica against ovn-nbctl (the reference tool), and across a server restart. */
class ReplicaIT {
    private static final String NB = "OVN_Northbound";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private OvsdbServer server;
    private OvsdbClient client;

    @BeforeEach
    void start() {
        server = OvsdbServer.startNb();
        client = OvsdbClient.connect(ClientOptions.builder(server.unix())
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Replica replica() {
        return Replica.start(
                client,
                NB,
                List.of(
                        MonitorRequest.of("Logical_Switch", "name", "ports", "other_config"),
                        MonitorRequest.of("Logical_Switch_Port", "name", "addresses", "up", "external_ids")));
    }

    private static boolean named(Row r, String name) {
        return r.string("name").equals(name);
    }

    @Test
    void nbctlChangesShowUpAndOurChangesAreSeenByNbctl() {
        server.nbctl("ls-add", "sw0");
        try (Replica nb = replica()) {
            assertThat(nb.rows("Logical_Switch"))
                    .extracting(r -> r.string("name"))
                    .containsExactly("sw0");
            List<RowChange> seen = new CopyOnWriteArrayList<>();
            nb.addListener(change -> seen.addAll(change.changes()));

            server.nbctl("lsp-add", "sw0", "p1", "--", "lsp-set-addresses", "p1", "00:00:00:00:00:01 10.0.0.11");
            Row p1 = nb.awaitRow("Logical_Switch_Port", r -> named(r, "p1"), WAIT);
            assertThat(p1.stringSet("addresses")).containsExactly("00:00:00:00:00:01 10.0.0.11");
            Row sw0 = nb.awaitRow(
                    "Logical_Switch", r -> named(r, "sw0") && r.uuidSet("ports").contains(p1.uuid()), WAIT);

            // update2 "modify" diffs on a set and a map, applied by the replica
            server.nbctl("lsp-set-addresses", "p1", "router", "unknown");
            server.nbctl("set", "Logical_Switch_Port", "p1", "external_ids:a=1", "external_ids:b=2");
            server.nbctl("remove", "Logical_Switch_Port", "p1", "external_ids", "a");
            nb.awaitRow(
                    "Logical_Switch_Port",
                    r -> named(r, "p1")
                            && r.stringSet("addresses").equals(Set.of("router", "unknown"))
                            && r.stringMap("external_ids").equals(Map.of("b", "2")),
                    WAIT);

            // the "this port is up" condition, as ovn-northd would set it
            server.nbctl("set", "Logical_Switch_Port", "p1", "up=true");
            nb.awaitRow(
                    "Logical_Switch_Port",
                    r -> named(r, "p1") && r.optional("up", Boolean.class).orElse(false),
                    WAIT);

            // our change, checked by the reference tool
            client.transact(
                    NB,
                    Operation.mutate(
                            "Logical_Switch",
                            List.of(Condition.uuid(sw0.uuid())),
                            List.of(Mutation.insert("other_config", Map.of("subnet", "10.0.0.0/24")))));
            assertThat(server.nbctl("get", "Logical_Switch", "sw0", "other_config:subnet"))
                    .isEqualTo("\"10.0.0.0/24\"");
            nb.awaitRow(
                    "Logical_Switch",
                    r -> named(r, "sw0")
                            && "10.0.0.0/24".equals(r.stringMap("other_config").get("subnet")),
                    WAIT);

            server.nbctl("lsp-del", "p1");
            nb.awaitNoRow("Logical_Switch_Port", r -> named(r, "p1"), WAIT);
            // listeners hear of a change just after the replica shows it: give the event thread its moment
            org.awaitility.Awaitility.await()
                    .atMost(WAIT)
                    .untilAsserted(() -> assertThat(seen)
                            .anySatisfy(c -> assertThat(c.kind()).isEqualTo(RowChange.Kind.DELETED)));
            assertThat(server.nbctl("--bare", "--columns=name", "find", "Logical_Switch_Port"))
                    .isEmpty();
        }
    }

    @Test
    void serverRestartUnderALiveClient() throws Exception {
        server.nbctl("ls-add", "keep");
        server.nbctl("ls-add", "gone");
        try (Replica nb = replica()) {
            AtomicInteger disconnects = new AtomicInteger();
            List<ReplicaChange> resyncs = new CopyOnWriteArrayList<>();
            nb.addListener(new ReplicaListener() {
                @Override
                public void onChange(ReplicaChange change) {
                    if (change.resync()) {
                        resyncs.add(change);
                    }
                }

                @Override
                public void onDisconnected(OvsdbException cause) {
                    disconnects.incrementAndGet();
                }
            });
            assertThat(nb.rows("Logical_Switch")).hasSize(2);
            // update2 leaves out default values; the replica still has every monitored column
            Row keep = nb.findFirst("Logical_Switch", r -> named(r, "keep")).orElseThrow();
            assertThat(keep.uuidSet("ports")).isEmpty();
            assertThat(keep.stringMap("other_config")).isEmpty();

            server.kill();
            await().atMost(WAIT).until(() -> !client.isConnected());
            assertThat(nb.isSynced()).isFalse();
            // changed while the server is down, straight in the database file
            UUID gone = nb.findFirst("Logical_Switch", r -> named(r, "gone"))
                    .orElseThrow()
                    .uuid();
            server.run(
                    "ovsdb-tool",
                    "transact",
                    server.db(0).toString(),
                    "[\"OVN_Northbound\","
                            + "{\"op\":\"delete\",\"table\":\"Logical_Switch\",\"where\":[[\"name\",\"==\",\"gone\"]]},"
                            + "{\"op\":\"insert\",\"table\":\"Logical_Switch\",\"row\":{\"name\":\"new-while-down\"}}]");
            server.start();

            assertThat(client.awaitConnected(WAIT)).isTrue();
            nb.await(
                    r -> r.isSynced()
                                    && r.findFirst("Logical_Switch", x -> named(x, "new-while-down"))
                                            .isPresent()
                            ? java.util.Optional.of(true)
                            : java.util.Optional.empty(),
                    WAIT,
                    "resync");
            assertThat(nb.rows("Logical_Switch"))
                    .extracting(r -> r.string("name"))
                    .containsExactlyInAnyOrder("keep", "new-while-down");
            // listeners run on the event thread just after the replica shows the change
            await().atMost(WAIT).until(() -> resyncs.size() == 1);
            assertThat(disconnects.get()).isEqualTo(1);
            assertThat(resyncs.get(0).changes()).anySatisfy(c -> {
                assertThat(c.uuid()).isEqualTo(gone);
                assertThat(c.kind()).isEqualTo(RowChange.Kind.DELETED);
            });

            // monitors resumed: later changes keep flowing, both ways
            server.nbctl("ls-add", "after-restart");
            nb.awaitRow("Logical_Switch", r -> named(r, "after-restart"), WAIT);
            client.transact(NB, Operation.insert("Logical_Switch", Map.of("name", "ours-after-restart"), null));
            nb.awaitRow("Logical_Switch", r -> named(r, "ours-after-restart"), WAIT);
            assertThat(server.nbctl("--bare", "--columns=name", "list", "Logical_Switch"))
                    .contains("ours-after-restart");
            assertThat(client.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void lookupsByNameFollowInsertsRenamesDeletesAndAResync() {
        server.nbctl("ls-add", "sw0");
        server.nbctl("lsp-add", "sw0", "before");
        try (Replica nb = replica()) {
            assertThat(nb.lookup("Logical_Switch_Port", "name", "before")).hasSize(1);
            server.nbctl("lsp-add", "sw0", "p1");
            nb.awaitRow("Logical_Switch_Port", r -> named(r, "p1"), WAIT);
            Row p1 = nb.lookup("Logical_Switch_Port", "name", "p1").get(0);

            server.nbctl("set", "Logical_Switch_Port", "p1", "name=renamed");
            nb.awaitRow("Logical_Switch_Port", r -> named(r, "renamed"), WAIT);
            assertThat(nb.lookup("Logical_Switch_Port", "name", "p1")).isEmpty();
            assertThat(nb.lookup("Logical_Switch_Port", "name", "renamed"))
                    .extracting(Row::uuid)
                    .containsExactly(p1.uuid());

            server.nbctl("lsp-del", "renamed");
            nb.awaitNoRow("Logical_Switch_Port", r -> named(r, "renamed"), WAIT);
            assertThat(nb.lookup("Logical_Switch_Port", "name", "renamed")).isEmpty();

            // a resync rebuilds the index from the server's fresh contents
            server.kill();
            await().atMost(WAIT).until(() -> !client.isConnected());
            server.run(
                    "ovsdb-tool",
                    "transact",
                    server.db(0).toString(),
                    "[\"OVN_Northbound\","
                            + "{\"op\":\"update\",\"table\":\"Logical_Switch_Port\",\"where\":[[\"name\",\"==\","
                            + "\"before\"]],\"row\":{\"name\":\"after\"}}]");
            server.start();
            nb.awaitRow("Logical_Switch_Port", r -> named(r, "after"), WAIT);
            assertThat(nb.lookup("Logical_Switch_Port", "name", "before")).isEmpty();
            assertThat(nb.lookup("Logical_Switch_Port", "name", "after")).hasSize(1);
        }
    }
}
