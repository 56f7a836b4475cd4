package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import io.kubetron.ovsdb.testsupport.OvsdbServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every RFC 7047 method and transact operation against a real ovsdb-server. */
class ProtocolIT {
    private static final String NB = "OVN_Northbound";
    private static OvsdbServer server;
    private static OvsdbClient client;

    @BeforeAll
    static void start() {
        server = OvsdbServer.startNb();
        client = OvsdbClient.connect(server.unix());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void listDbsAndSchema() {
        assertThat(client.listDbs()).containsExactlyInAnyOrder(NB, "_Server");
        DatabaseSchema s = client.schema(NB);
        assertThat(s.name()).isEqualTo(NB);
        assertThat(s.version()).isNotBlank();
        assertThat(s.requireTable("Logical_Switch_Port")
                        .requireColumn("addresses")
                        .type()
                        .isComposite())
                .isTrue();
        assertThatThrownBy(() -> client.schema("Nope"))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((OvsdbException) e).error()).isEqualTo("unknown database"))
                .hasMessageContaining("unknown database Nope");
    }

    @Test
    void insertWithNamedUuidsSelectUpdateMutateDelete() {
        String ls = unique("ls");
        TransactResult r = client.transact(
                NB,
                List.of(
                        Operation.insert(
                                "Logical_Switch_Port",
                                Map.of("name", ls + "-p1", "addresses", List.of("router")),
                                "p1"),
                        Operation.insert(
                                "Logical_Switch",
                                Map.of(
                                        "name",
                                        ls,
                                        "ports",
                                        Set.of(Ref.named("p1")),
                                        "other_config",
                                        Map.of("subnet", "10.0.0.0/24")),
                                "ls"),
                        Operation.comment("kubetron test")));
        UUID lsId = r.uuid("ls");
        UUID p1 = r.uuid("p1");

        Row row = select("Logical_Switch", Condition.uuid(lsId)).get(0);
        assertThat(row.string("name")).isEqualTo(ls);
        assertThat(row.uuidSet("ports")).containsExactly(p1);
        assertThat(row.stringMap("other_config")).containsEntry("subnet", "10.0.0.0/24");
        Row port = select("Logical_Switch_Port", Condition.uuid(p1)).get(0);
        assertThat(port.stringSet("addresses")).containsExactly("router"); // sent back as a bare string
        assertThat(port.optional("up", Boolean.class)).isEmpty();

        TransactResult u = client.transact(
                NB,
                List.of(
                        Operation.update(
                                "Logical_Switch_Port",
                                List.of(Condition.uuid(p1)),
                                Map.of(
                                        "addresses",
                                        List.of("00:00:00:00:00:01 10.0.0.1", "unknown"),
                                        "enabled",
                                        Optional.of(false))),
                        Operation.mutate(
                                "Logical_Switch",
                                List.of(Condition.uuid(lsId)),
                                List.of(Mutation.insert("external_ids", Map.of("owner", "kubetron"))))));
        assertThat(u.get(0).count()).hasValue(1);
        assertThat(u.get(1).count()).hasValue(1);
        port = select("Logical_Switch_Port", Condition.uuid(p1)).get(0);
        assertThat(port.stringSet("addresses")).containsExactlyInAnyOrder("00:00:00:00:00:01 10.0.0.1", "unknown");
        assertThat(port.optional("enabled", Boolean.class)).contains(false);

        TransactResult d = client.transact(NB, Operation.delete("Logical_Switch", List.of(Condition.uuid(lsId))));
        assertThat(d.get(0).count()).hasValue(1);
        // the port is not a root row: dropping the last reference garbage-collects it
        assertThat(select("Logical_Switch_Port", Condition.uuid(p1))).isEmpty();
    }

    private static List<Row> select(String table, Condition... where) {
        return client.transact(NB, Operation.select(table, List.of(where), List.of()))
                .get(0)
                .rows();
    }

    @Test
    void errorsAreTyped() {
        String name = unique("dup");
        client.transact(NB, Operation.insert("Logical_Switch", Map.of("name", name), null));
        // Logical_Router.name is not indexed, but Logical_Switch_Port.name is
        client.transact(
                NB,
                List.of(
                        Operation.insert("Logical_Switch_Port", Map.of("name", name), "p"),
                        Operation.insert(
                                "Logical_Switch",
                                Map.of("name", name + "-ls", "ports", Set.of(Ref.named("p"))),
                                null)));
        assertThatThrownBy(() -> client.transact(
                        NB,
                        List.of(
                                Operation.insert("Logical_Switch_Port", Map.of("name", name), "p"),
                                Operation.mutate(
                                        "Logical_Switch",
                                        List.of(Condition.eq("name", name)),
                                        List.of(Mutation.insert("ports", Set.of(Ref.named("p"))))))))
                .isInstanceOf(ConstraintViolationException.class)
                .satisfies(e -> assertThat(((OvsdbException) e).details()).contains(name));

        assertThatThrownBy(() -> client.transact(
                        NB,
                        Operation.insert(
                                "Logical_Switch",
                                Map.of("name", unique("ri"), "ports", Set.of(UUID.randomUUID())),
                                null)))
                .isInstanceOf(ReferentialIntegrityException.class)
                .hasMessageContaining("references nonexistent row");

        assertThatThrownBy(() -> client.transact(
                        NB,
                        Operation.wait(
                                "Logical_Switch",
                                0,
                                List.of(Condition.eq("name", name)),
                                List.of("name"),
                                "==",
                                List.of())))
                .isInstanceOf(TimedOutException.class)
                .hasMessageContaining("timed out");

        assertThatThrownBy(() -> client.transact(NB, Operation.insert("Logical_Switch", Map.of("name", 5), null)))
                .isExactlyInstanceOf(OvsdbException.class)
                .satisfies(e -> assertThat(((OvsdbException) e).error()).isEqualTo("syntax error"));

        assertThatThrownBy(() -> client.transact(
                        NB,
                        List.of(
                                Operation.insert("Logical_Switch", Map.of("name", unique("aborted")), null),
                                Operation.abort())))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("aborted");
        assertThat(select("Logical_Switch", Condition.eq("name", name))).hasSize(1);
    }

    @Test
    void waitSucceedsWhenTheConditionHolds() {
        String name = unique("w");
        client.transact(NB, Operation.insert("Logical_Switch", Map.of("name", name), null));
        client.transact(
                NB,
                Operation.wait(
                        "Logical_Switch",
                        0,
                        List.of(Condition.eq("name", name)),
                        List.of("name"),
                        "==",
                        List.of(Map.of("name", name))));
    }

    @Test
    void cancelAbandonsABlockedWait() throws Exception {
        String name = unique("never");
        PendingTransact p = client.transactAsync(
                NB,
                List.of(Operation.wait(
                        "Logical_Switch",
                        60_000,
                        List.of(Condition.eq("name", name)),
                        List.of("name"),
                        "!=",
                        List.of())));
        Thread.sleep(200);
        assertThat(p.result()).isNotDone();
        p.cancel();
        assertThatThrownBy(() -> p.result().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("canceled");
        client.echo(); // the connection is still fine
    }

    @Test
    void manyConcurrentRequestsOnOneConnection() throws Exception {
        String prefix = unique("cc");
        List<Future<UUID>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String name = prefix + "-" + i;
                futures.add(pool.submit(() -> client.transact(
                                NB, Operation.insert("Logical_Switch", Map.of("name", name), "ls"))
                        .uuid("ls")));
            }
        }
        Set<UUID> ids = new java.util.HashSet<>();
        for (Future<UUID> f : futures) {
            ids.add(f.get());
        }
        assertThat(ids).hasSize(200);

        // pipelined without threads: all sent before any reply is awaited
        List<CompletableFuture<TransactResult>> pipelined = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pipelined.add(client.transactAsync(
                            NB,
                            List.of(Operation.select(
                                    "Logical_Switch",
                                    List.of(Condition.eq("name", prefix + "-" + i)),
                                    List.of("name"))))
                    .result());
        }
        for (int i = 0; i < 200; i++) {
            assertThat(pipelined
                            .get(i)
                            .get(10, TimeUnit.SECONDS)
                            .get(0)
                            .rows()
                            .get(0)
                            .string("name"))
                    .isEqualTo(prefix + "-" + i);
        }
    }

    @Test
    void requestTimeoutIsReported() {
        try (OvsdbClient c = OvsdbClient.connect(ClientOptions.builder(server.unix())
                .requestTimeout(Duration.ofMillis(300))
                .build())) {
            assertThatThrownBy(() -> c.transact(
                            NB,
                            Operation.wait(
                                    "Logical_Switch",
                                    5_000,
                                    List.of(Condition.eq("name", "nothing")),
                                    List.of("name"),
                                    "!=",
                                    List.of())))
                    .isInstanceOf(TimedOutException.class)
                    .hasMessageContaining("no reply to transact within 300 ms");
        }
    }
}
