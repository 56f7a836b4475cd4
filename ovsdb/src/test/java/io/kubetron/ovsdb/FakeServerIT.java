package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubetron.ovsdb.monitor.Monitor;
import io.kubetron.ovsdb.monitor.MonitorListener;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.monitor.RowUpdate;
import io.kubetron.ovsdb.testsupport.FakeServer;
import io.kubetron.ovsdb.testsupport.FakeServer.Reply;
import io.kubetron.ovsdb.testsupport.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** A misbehaving server: clear errors, no hang, no leaked thread. */
@Timeout(30)
class FakeServerIT {
    private static final String SCHEMA = "{\"name\":\"DB\",\"version\":\"1.0.0\",\"tables\":{\"T\":{\"columns\":"
            + "{\"name\":{\"type\":\"string\"}}}}}";
    private Set<String> threadsBefore;
    private FakeServer server;

    @BeforeEach
    void snapshotThreads() {
        threadsBefore = Threads.clientThreads();
    }

    @AfterEach
    void noLeakedThreads() throws Exception {
        if (server != null) {
            server.close();
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Threads.clientThreads()).isSubsetOf(threadsBefore));
    }

    /** Answers echo (so connecting works), hands list_dbs to {@code onListDbs}. */
    private static Function<JsonNode, Reply> script(Function<JsonNode, Reply> onListDbs) {
        return req -> switch (req.get("method").asString()) {
            case "echo" -> Reply.of(FakeServer.echoReply(req));
            case "list_dbs" -> onListDbs.apply(req);
            default -> Reply.silence();
        };
    }

    private OvsdbClient connect(boolean reconnect) {
        return OvsdbClient.connect(ClientOptions.builder(server.endpoint())
                .reconnect(reconnect)
                .probeInterval(Duration.ofMillis(400))
                .requestTimeout(Duration.ofSeconds(10))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build());
    }

    /** Sends several requests at once; all must fail with the same clear error. */
    private static List<Throwable> failuresOfConcurrentCalls(OvsdbClient c) throws Exception {
        List<CompletableFuture<Throwable>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    c.listDbs();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }));
        }
        List<Throwable> out = new ArrayList<>();
        for (CompletableFuture<Throwable> f : calls) {
            out.add(f.get(15, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void garbageAfterAGoodStart() throws Exception {
        int[] calls = {0};
        server = new FakeServer(
                null,
                script(req -> ++calls[0] == 1
                        ? Reply.of("{\"id\":" + req.get("id") + ",\"result\":[\"DB\"],\"error\":null}")
                        : Reply.andClose("<html>502 Bad Gateway</html>")));
        try (OvsdbClient c = connect(false)) {
            assertThat(c.listDbs()).containsExactly("DB");
            assertThatThrownBy(c::listDbs)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("bad data from " + server.endpoint())
                    .hasMessageContaining("malformed JSON");
            assertThat(c.isConnected()).isFalse();
            assertThatThrownBy(c::listDbs).isInstanceOf(DisconnectedException.class);
        }
    }

    @Test
    void truncatedReplyFailsEveryPendingCaller() throws Exception {
        server = new FakeServer(null, script(req -> Reply.andClose("{\"id\":" + req.get("id") + ",\"result\":[\"D")));
        try (OvsdbClient c = connect(false)) {
            List<Throwable> failures = failuresOfConcurrentCalls(c);
            assertThat(failures).allSatisfy(t -> assertThat(t).isInstanceOf(DisconnectedException.class));
            assertThat(failures)
                    .anySatisfy(t ->
                            assertThat(t).isInstanceOf(ProtocolException.class).hasMessageContaining("truncated"));
        }
    }

    @Test
    void garbageInsteadOfAGreetingFailsTheConnect() {
        server = new FakeServer("SSH-2.0-OpenSSH_9.2\r\n", req -> Reply.silence());
        assertThatThrownBy(() -> connect(true))
                .isInstanceOf(DisconnectedException.class)
                .hasMessageContaining("cannot connect to " + server.endpoint())
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void stalledServerIsDetectedByTheInactivityProbe() throws Exception {
        // answers the connect-time echo, then nothing at all
        boolean[] answered = {false};
        server = new FakeServer(null, req -> {
            if (!answered[0] && "echo".equals(req.get("method").asString())) {
                answered[0] = true;
                return Reply.of(FakeServer.echoReply(req));
            }
            return Reply.silence();
        });
        try (OvsdbClient c = connect(false)) {
            long start = System.nanoTime();
            assertThatThrownBy(c::listDbs)
                    .isInstanceOf(DisconnectedException.class)
                    .hasMessageContaining("no response to inactivity probe after 400 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void reconnectingClientKeepsTryingAndStopsOnClose() throws Exception {
        server = new FakeServer(null, script(req -> Reply.andClose("{\"id\":" + req.get("id") + ",\"res")));
        List<String> events = new CopyOnWriteArrayList<>();
        OvsdbClient c = connect(true);
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void onConnected(io.kubetron.ovsdb.wire.Endpoint e, boolean again) {
                events.add("connected");
            }

            @Override
            public void onDisconnected(OvsdbException cause) {
                events.add("lost");
            }
        });
        assertThatThrownBy(c::listDbs).isInstanceOf(ProtocolException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> c.connectionCount() >= 2);
        c.close();
        assertThat(events).contains("lost", "connected");
    }

    @Test
    void monitorFallsBackWhenTheServerDoesNotKnowNewerMethods() throws Exception {
        List<String> methods = new CopyOnWriteArrayList<>();
        server = new FakeServer(null, req -> {
            String m = req.get("method").asString();
            methods.add(m);
            String id = req.get("id").toString();
            return switch (m) {
                case "echo" -> Reply.of(FakeServer.echoReply(req));
                case "monitor_cancel" -> Reply.of("{\"id\":" + id + ",\"result\":{},\"error\":null}");
                case "get_schema" -> Reply.of("{\"id\":" + id + ",\"result\":" + SCHEMA + ",\"error\":null}");
                case "monitor_cond_since", "monitor_cond" ->
                    Reply.of("{\"id\":" + id + ",\"result\":null,\"error\":\"unknown method\"}");
                case "monitor" ->
                    Reply.of(
                            "{\"id\":" + id + ",\"result\":{\"T\":{\"6a8ea2ff-9a0d-4c7e-8f35-7b4e6a0e6d1e\":"
                                    + "{\"new\":{\"name\":\"a\"}}}},\"error\":null}"
                                    + "{\"id\":null,\"method\":\"update\",\"params\":["
                                    + req.get("params").get(1) + ",{\"T\":{"
                                    + "\"6a8ea2ff-9a0d-4c7e-8f35-7b4e6a0e6d1e\":{\"old\":{\"name\":\"a\"},\"new\":{\"name\":\"b\"}}}}]}");
                default -> Reply.silence();
            };
        });
        CompletableFuture<List<RowUpdate>> snapshot = new CompletableFuture<>();
        CompletableFuture<List<RowUpdate>> update = new CompletableFuture<>();
        try (OvsdbClient c = connect(false);
                Monitor m = c.monitor("DB", List.of(MonitorRequest.of("T")), new MonitorListener() {
                    @Override
                    public void onSnapshot(List<RowUpdate> rows) {
                        snapshot.complete(rows);
                    }

                    @Override
                    public void onUpdate(List<RowUpdate> rows) {
                        update.complete(rows);
                    }
                })) {
            assertThat(m.method()).isEqualTo("monitor");
            assertThat(snapshot.get(5, TimeUnit.SECONDS).get(0).columns()).containsEntry("name", "a");
            assertThat(update.get(5, TimeUnit.SECONDS).get(0).columns()).containsEntry("name", "b");
            assertThat(methods).containsSubsequence("monitor_cond_since", "monitor_cond", "monitor");
        } catch (ExecutionException e) {
            throw e;
        }
    }
}
