package io.kubetron.ovsdb;

import io.kubetron.ovsdb.monitor.Monitor;
import io.kubetron.ovsdb.monitor.MonitorListener;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.monitor.RowUpdate;
import io.kubetron.ovsdb.monitor.UpdateParser;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import io.kubetron.ovsdb.wire.JsonRpcConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client's monitor subscriptions: subscribes with the best method the server knows, routes update notifications
 * to listeners through the event thread, and resubscribes everything on a new connection.
 * Thread-safe: the registry is a concurrent map and each monitor's (re)subscription is guarded by its own lock.
 */
final class Monitors {
    private static final Logger LOG = LoggerFactory.getLogger(Monitors.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ZERO_TXN = "00000000-0000-0000-0000-000000000000";

    /** Monitor methods, newest first; the server's "unknown method" moves us down the list. */
    enum Method {
        COND_SINCE("monitor_cond_since"),
        COND("monitor_cond"),
        PLAIN("monitor");

        final String wire;

        Method(String wire) {
            this.wire = wire;
        }
    }

    private final OvsdbClient client;
    private final Map<String, Active> byId = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile Method level = Method.COND_SINCE;

    Monitors(OvsdbClient client) {
        this.client = client;
    }

    Monitor add(String db, List<MonitorRequest> requests, MonitorListener listener) {
        Active m = new Active(db, "kubetron-" + seq.incrementAndGet(), List.copyOf(requests), listener);
        byId.put(m.id, m);
        JsonRpcConnection conn = client.currentConnection();
        try {
            if (conn == null) {
                throw client.notConnected();
            }
            subscribe(m, conn);
        } catch (DisconnectedException e) {
            if (!client.options().reconnect()) {
                byId.remove(m.id);
                throw e;
            }
            LOG.debug("monitor {} will be subscribed after reconnecting: {}", m.id, e.getMessage());
        } catch (RuntimeException e) {
            byId.remove(m.id);
            throw e;
        }
        return m;
    }

    /** On a new connection: the server may be another one, so start again from the newest method. */
    void resubscribeAll(JsonRpcConnection conn) {
        level = Method.COND_SINCE;
        for (Active m : byId.values()) {
            subscribe(m, conn);
        }
    }

    void disconnected(OvsdbException cause) {
        for (Active m : byId.values()) {
            client.post(() -> {
                if (!m.closed) {
                    m.listener.onDisconnected(cause);
                }
            });
        }
    }

    /** Called on the reader thread: decoding and listener calls are handed to the event thread, in order. */
    void onNotification(String method, JsonNode params) {
        if (!params.isArray() || params.isEmpty()) {
            return;
        }
        Active m = byId.get(params.get(0).asString());
        if (m == null || m.schema == null) {
            LOG.debug("{} for unknown monitor {}", method, params.get(0));
            return;
        }
        DatabaseSchema schema = m.schema;
        switch (method) {
            case "update" -> deliver(m, () -> UpdateParser.parseUpdates(params.get(1), schema, false), false);
            case "update2" -> deliver(m, () -> UpdateParser.parseUpdates2(params.get(1), schema, false), false);
            case "update3" -> {
                m.lastTxnId = params.get(1).asString();
                deliver(m, () -> UpdateParser.parseUpdates2(params.get(2), schema, false), false);
            }
            default -> LOG.debug("ignoring notification {}", method);
        }
    }

    private void deliver(Active m, java.util.function.Supplier<List<RowUpdate>> parse, boolean snapshot) {
        JsonRpcConnection conn = client.currentConnection();
        client.post(() -> {
            if (m.closed) {
                return;
            }
            List<RowUpdate> rows;
            try {
                rows = parse.get();
            } catch (ProtocolException e) {
                LOG.error("cannot decode updates of monitor {}; dropping the connection to resynchronize", m.id, e);
                if (conn != null) {
                    conn.close(e);
                }
                return;
            }
            rows = rows.stream()
                    .map(u -> u.withDefaults(m.schema.table(u.table()).orElse(null), m.columns(u.table())))
                    .toList();
            if (snapshot) {
                m.listener.onSnapshot(rows);
            } else if (!rows.isEmpty()) {
                m.listener.onUpdate(rows);
            }
        });
    }

    private void subscribe(Active m, JsonRpcConnection conn) {
        m.lock.lock();
        try {
            if (m.closed || m.subscribedOn == conn) {
                return;
            }
            DatabaseSchema schema = client.schema(m.db, conn);
            m.schema = schema;
            while (true) {
                Method method = level;
                ArrayNode params = F.arrayNode().add(m.db).add(m.id).add(requests(m, method));
                if (method == Method.COND_SINCE) {
                    params.add(m.lastTxnId == null ? ZERO_TXN : m.lastTxnId);
                }
                var call = conn.call(method.wire, params, reply -> onReply(m, method, schema, reply));
                try {
                    client.await(call.result(), client.options().requestTimeout(), method.wire);
                    m.subscribedOn = conn;
                    m.method = method;
                    return;
                } catch (OvsdbException e) {
                    if ("unknown method".equals(e.error()) && method != Method.PLAIN) {
                        level = Method.values()[method.ordinal() + 1];
                        LOG.info("server has no {}, trying {}", method.wire, level.wire);
                        continue;
                    }
                    throw e;
                }
            }
        } finally {
            m.lock.unlock();
        }
    }

    /** Runs on the reader thread, so the initial contents are queued before any later update. */
    private void onReply(Active m, Method method, DatabaseSchema schema, JsonNode reply) {
        switch (method) {
            case COND_SINCE -> {
                if (!reply.isArray() || reply.size() != 3) {
                    throw new ProtocolException("monitor_cond_since reply must be [found, last-txn-id, updates]", null);
                }
                boolean found = reply.get(0).asBoolean();
                m.lastTxnId = reply.get(1).asString();
                // found: the server still had our last transaction and sends only what changed since
                deliver(m, () -> UpdateParser.parseUpdates2(reply.get(2), schema, !found), !found);
            }
            case COND -> deliver(m, () -> UpdateParser.parseUpdates2(reply, schema, true), true);
            case PLAIN -> deliver(m, () -> UpdateParser.parseUpdates(reply, schema, true), true);
        }
    }

    private static ObjectNode requests(Active m, Method method) {
        ObjectNode o = F.objectNode();
        for (MonitorRequest r : m.requests) {
            if (method == Method.PLAIN && !r.where().isEmpty()) {
                throw new OvsdbException(
                        "not supported",
                        "the server has no monitor_cond, so monitor " + r.table()
                                + " cannot filter rows with a condition");
            }
            ArrayNode a = o.has(r.table()) ? (ArrayNode) o.get(r.table()) : o.putArray(r.table());
            a.add(r.toJson(method != Method.PLAIN));
        }
        return o;
    }

    private final class Active implements Monitor {
        final String db;
        final String id;
        final List<MonitorRequest> requests;
        final MonitorListener listener;
        final ReentrantLock lock = new ReentrantLock();
        volatile JsonRpcConnection subscribedOn;
        volatile Method method;
        volatile DatabaseSchema schema;
        volatile String lastTxnId;
        volatile boolean closed;

        Active(String db, String id, List<MonitorRequest> requests, MonitorListener listener) {
            this.db = db;
            this.id = id;
            this.requests = requests;
            this.listener = listener;
        }

        @Override
        public String id() {
            return id;
        }

        /** Requested columns of a table; empty when all were requested. */
        List<String> columns(String table) {
            List<String> out = new ArrayList<>();
            for (MonitorRequest r : requests) {
                if (r.table().equals(table)) {
                    if (r.columns().isEmpty()) {
                        return List.of();
                    }
                    out.addAll(r.columns());
                }
            }
            return out;
        }

        @Override
        public String method() {
            Method m = method;
            return m == null ? null : m.wire;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                byId.remove(id);
                JsonRpcConnection conn = client.currentConnection();
                if (conn != null && subscribedOn == conn) {
                    try {
                        client.await(
                                conn.call("monitor_cancel", F.arrayNode().add(id))
                                        .result(),
                                client.options().requestTimeout(),
                                "monitor_cancel");
                    } catch (OvsdbException e) {
                        LOG.debug("monitor_cancel {}: {}", id, e.getMessage());
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }
}
