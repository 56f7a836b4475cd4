package io.kubetron.ovsdb;

import io.kubetron.common.retry.Backoff;
import io.kubetron.ovsdb.monitor.Monitor;
import io.kubetron.ovsdb.monitor.MonitorListener;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import io.kubetron.ovsdb.wire.Connector;
import io.kubetron.ovsdb.wire.Endpoint;
import io.kubetron.ovsdb.wire.JsonRpcConnection;
import io.kubetron.ovsdb.wire.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An RFC 7047 OVSDB client over one connection at a time, to any of the configured endpoints.
 *
 * <pre>{@code
 * try (OvsdbClient c = OvsdbClient.connect("unix:/run/ovn/ovnnb_db.sock")) {
 *     TransactResult r = c.transact("OVN_Northbound", List.of(
 *             Operation.insert("Logical_Switch", Map.of("name", "ls0"), "ls")));
 *     UUID ls = r.uuid("ls");
 * }
 * }</pre>
 *
 * <p>After a connection loss the client reconnects with capped exponential backoff (trying each endpoint in turn),
 * resubscribes its monitors, and tells monitor listeners ({@code onDisconnected}, then a fresh {@code onSnapshot}).
 * Calls made while disconnected fail fast with {@link DisconnectedException}.
 *
 * <p>Thread-safety: thread-safe. Any number of threads, platform or virtual, may call it concurrently; requests are
 * pipelined on the single connection. Blocking calls wait on futures, never while holding a monitor lock. Threads
 * owned: one reader per connection, one timer (probes, reconnects), one event thread (listeners), all named
 * {@code ovsdb-<name>-<n>-...} and all ended by {@link #close()}.
 */
public final class OvsdbClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbClient.class);
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final ClientOptions options;
    private final Connector connector;
    /** Null when reconnecting is off. */
    private final Backoff reconnectBackoff;

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final String threadPrefix;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService events;
    private final ReentrantLock stateLock = new ReentrantLock();
    private final Condition connectedChanged = stateLock.newCondition();
    private final Map<String, DatabaseSchema> schemas = new ConcurrentHashMap<>();
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private final Monitors monitors = new Monitors(this);
    private volatile JsonRpcConnection current;
    private volatile boolean closed;
    private volatile Thread eventThread;

    private OvsdbClient(ClientOptions options) {
        this.options = options;
        this.connector = new Connector(options.tls(), options.connectTimeout());
        this.reconnectBackoff =
                options.reconnect() ? Backoff.exponential(options.backoffInitial(), options.backoffMax()) : null;
        this.threadPrefix = "ovsdb-" + options.name() + "-" + SEQ.incrementAndGet();
        this.timer = new ScheduledThreadPoolExecutor(
                1,
                r -> Thread.ofPlatform()
                        .name(threadPrefix + "-timer")
                        .daemon(true)
                        .unstarted(r));
        this.timer.setRemoveOnCancelPolicy(true);
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = Thread.ofPlatform()
                    .name(threadPrefix + "-events")
                    .daemon(true)
                    .unstarted(r);
            eventThread = t;
            return t;
        });
    }

    /** Connects with default options to {@code endpoints} (e.g. {@code "unix:/run/ovn/ovnnb_db.sock"}). */
    public static OvsdbClient connect(String endpoints) {
        return connect(ClientOptions.builder(endpoints).build());
    }

    /**
     * Connects to the first endpoint that answers, or throws {@link DisconnectedException} naming why each failed.
     */
    public static OvsdbClient connect(ClientOptions options) {
        OvsdbClient c = new OvsdbClient(options);
        try {
            c.establish(false);
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        if (!options.probeInterval().isZero()) {
            long tick = Math.max(20, options.probeInterval().toMillis() / 4);
            InactivityProbe probe = new InactivityProbe(c::currentConnection, options.probeInterval());
            c.timer.scheduleAtFixedRate(
                    () -> {
                        try {
                            probe.run();
                        } catch (RuntimeException e) {
                            LOG.warn("inactivity probe failed", e);
                        }
                    },
                    tick,
                    tick,
                    TimeUnit.MILLISECONDS);
        }
        return c;
    }

    public ClientOptions options() {
        return options;
    }

    /** Whether a connection is currently up. */
    public boolean isConnected() {
        JsonRpcConnection c = current;
        return c != null && c.isOpen();
    }

    /** The endpoint of the current connection. */
    public Optional<Endpoint> endpoint() {
        JsonRpcConnection c = current;
        return c == null ? Optional.empty() : Optional.of(c.endpoint());
    }

    /** How many connections were established so far (1 until the first reconnect). */
    public long connectionCount() {
        return connections.get();
    }

    /** Waits until connected; false on timeout. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        stateLock.lock();
        try {
            while (!isConnected()) {
                if (nanos <= 0 || closed) {
                    return false;
                }
                nanos = connectedChanged.awaitNanos(nanos);
            }
            return true;
        } finally {
            stateLock.unlock();
        }
    }

    public void addConnectionListener(ConnectionListener l) {
        listeners.add(l);
    }

    public void removeConnectionListener(ConnectionListener l) {
        listeners.remove(l);
    }

    /** {@code list_dbs}. */
    public List<String> listDbs() {
        JsonNode r = await(require().call("list_dbs", F.arrayNode()).result(), options.requestTimeout(), "list_dbs");
        List<String> out = new ArrayList<>();
        r.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** {@code get_schema}, cached per connection (a reconnect may reach an upgraded server). */
    public DatabaseSchema schema(String db) {
        return schema(db, require());
    }

    DatabaseSchema schema(String db, JsonRpcConnection conn) {
        DatabaseSchema s = schemas.get(db);
        if (s != null) {
            return s;
        }
        JsonNode r = await(
                conn.call("get_schema", F.arrayNode().add(db)).result(), options.requestTimeout(), "get_schema " + db);
        s = DatabaseSchema.fromJson(r);
        schemas.put(db, s);
        return s;
    }

    /**
     * {@code transact}: runs the operations atomically and returns their results, or throws the typed exception for
     * the first error (an operation's or the commit's).
     */
    public TransactResult transact(String db, List<? extends Operation> ops) {
        return await(transactAsync(db, ops).result(), options.requestTimeout(), "transact");
    }

    public TransactResult transact(String db, Operation... ops) {
        return transact(db, List.of(ops));
    }

    /** Sends a transaction without waiting; pipelining many of these is how to get throughput on one connection. */
    public PendingTransact transactAsync(String db, List<? extends Operation> ops) {
        List<Operation> list = List.copyOf(ops);
        JsonRpcConnection conn = require();
        DatabaseSchema schema = list.stream().anyMatch(o -> o instanceof Operation.Select) ? schema(db, conn) : null;
        ArrayNode params = F.arrayNode().add(db);
        list.forEach(o -> params.add(o.toJson()));
        JsonRpcConnection.Call call = conn.call("transact", params);
        CompletableFuture<TransactResult> r = call.result().thenApply(j -> TransactReplies.parse(j, list, schema));
        return new PendingTransact(call.id(), r, () -> conn.cancel(call.id()));
    }

    /**
     * Subscribes to tables with {@code monitor_cond_since}, {@code monitor_cond} or {@code monitor}, whichever the
     * server supports. The listener first gets the current contents, then changes; after a reconnect it is told and
     * gets a fresh snapshot. If the connection is down at this moment and reconnecting is on, the subscription is
     * made after reconnecting.
     */
    public Monitor monitor(String db, List<MonitorRequest> requests, MonitorListener listener) {
        return monitors.add(db, requests, listener);
    }

    /** Sends {@code echo} and waits for the reply; a cheap liveness check. */
    public void echo() {
        await(require().call("echo", F.arrayNode()).result(), options.requestTimeout(), "echo");
    }

    JsonRpcConnection currentConnection() {
        return current;
    }

    DisconnectedException notConnected() {
        return new DisconnectedException(
                closed
                        ? "the client is closed"
                        : "not connected to " + options.endpoints() + (options.reconnect() ? " (reconnecting)" : ""),
                null);
    }

    private JsonRpcConnection require() {
        JsonRpcConnection c = current;
        if (c == null || !c.isOpen()) {
            throw notConnected();
        }
        return c;
    }

    /** Waits for a reply; failures arrive as the typed exception the reader thread created. */
    <T> T await(CompletableFuture<T> f, Duration timeout, String what) {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof OvsdbException o) {
                throw o;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new OvsdbException("failed", what + ": " + c, c);
        } catch (TimeoutException e) {
            throw new TimedOutException("no reply to " + what + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException("interrupted", "while waiting for the reply to " + what, e);
        }
    }

    void post(Runnable r) {
        try {
            events.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.warn("listener failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("client closed; dropping event");
        }
    }

    /** Tries each endpoint once; on success installs the connection and resubscribes monitors. */
    private void establish(boolean reconnect) {
        List<String> failures = new ArrayList<>();
        for (Endpoint e : options.endpoints()) {
            if (closed) {
                throw notConnected();
            }
            JsonRpcConnection conn = null;
            try {
                Transport t = connector.open(e);
                Handler h = new Handler();
                conn = new JsonRpcConnection(t, mapper, h, threadPrefix + "-reader-" + (connections.get() + 1));
                h.conn = conn;
                conn.start();
                // a round trip proves the server speaks OVSDB; with TLS 1.3 it is also when a refused client cert shows
                await(conn.call("echo", F.arrayNode()).result(), options.connectTimeout(), "echo");
            } catch (IOException | OvsdbException ex) {
                if (conn != null) {
                    conn.close(ex instanceof OvsdbException o ? o : new DisconnectedException(ex.getMessage(), ex));
                }
                String why = ex instanceof OvsdbException o && o.details() != null ? o.details() : ex.getMessage();
                failures.add(why.contains(e.toString()) ? why : e + ": " + why);
                continue;
            }
            install(conn, reconnect);
            return;
        }
        throw new DisconnectedException(
                "cannot connect to "
                        + (options.endpoints().size() == 1
                                ? options.endpoints().get(0)
                                : "any of " + options.endpoints())
                        + ": " + String.join("; ", failures),
                null);
    }

    private void install(JsonRpcConnection conn, boolean reconnect) {
        stateLock.lock();
        try {
            if (closed) {
                conn.close();
                throw notConnected();
            }
            schemas.clear();
            current = conn;
            connections.incrementAndGet();
            connectedChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        LOG.info("{} to {}", reconnect ? "reconnected" : "connected", conn.endpoint());
        try {
            monitors.resubscribeAll(conn);
        } catch (OvsdbException e) {
            LOG.warn("resubscribing monitors on {} failed: {}", conn.endpoint(), e.getMessage());
            conn.close(
                    e instanceof DisconnectedException d
                            ? d
                            : new DisconnectedException("resubscribing monitors failed: " + e.getMessage(), e));
            return;
        }
        post(() -> listeners.forEach(l -> l.onConnected(conn.endpoint(), reconnect)));
    }

    private void lost(JsonRpcConnection conn, OvsdbException cause) {
        stateLock.lock();
        try {
            if (current != conn) {
                return;
            }
            current = null;
            connectedChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        LOG.warn("lost connection to {}: {}", conn.endpoint(), cause.getMessage());
        monitors.disconnected(cause);
        post(() -> listeners.forEach(l -> l.onDisconnected(cause)));
        if (!closed && options.reconnect()) {
            Backoff.Attempts attempts = reconnectBackoff.start();
            scheduleReconnect(attempts, attempts.next());
        }
    }

    /** One reconnection round after {@code delay}; a failed round schedules the next one, backing off further. */
    private void scheduleReconnect(Backoff.Attempts attempts, Duration delay) {
        try {
            timer.schedule(
                    () -> {
                        if (closed) {
                            return;
                        }
                        try {
                            establish(true);
                        } catch (OvsdbException e) {
                            Duration next = attempts.next();
                            LOG.info("reconnect failed ({}); next attempt in {} ms", e.getMessage(), next.toMillis());
                            scheduleReconnect(attempts, next);
                        }
                    },
                    delay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("client closed; not reconnecting");
        }
    }

    /** Closes the connection, stops reconnecting and ends the client's threads. Idempotent. */
    @Override
    public void close() {
        JsonRpcConnection c;
        stateLock.lock();
        try {
            if (closed && current == null && timer.isShutdown()) {
                return;
            }
            closed = true;
            c = current;
            current = null;
            connectedChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        if (c != null) {
            c.close(new DisconnectedException("the client was closed", null));
        }
        timer.shutdownNow();
        events.shutdown();
        boolean onOwnThread = Thread.currentThread() == eventThread
                || Thread.currentThread().getName().startsWith(threadPrefix);
        if (!onOwnThread) {
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
                events.awaitTermination(2, TimeUnit.SECONDS);
                if (c != null) {
                    c.awaitReaderExit(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Connection callbacks, on the reader thread. */
    private final class Handler implements JsonRpcConnection.Handler {
        volatile JsonRpcConnection conn;

        @Override
        public void onNotification(String method, JsonNode params) {
            monitors.onNotification(method, params);
        }

        @Override
        public void onClose(OvsdbException cause) {
            JsonRpcConnection c = conn;
            if (c != null) {
                lost(c, cause);
            }
        }
    }
}
