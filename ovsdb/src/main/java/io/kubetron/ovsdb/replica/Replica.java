package io.kubetron.ovsdb.replica;

import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.OvsdbException;
import io.kubetron.ovsdb.TimedOutException;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.monitor.Monitor;
import io.kubetron.ovsdb.monitor.MonitorListener;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.monitor.RowUpdate;
import io.kubetron.ovsdb.schema.DatabaseSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory copy of some tables and columns of a database, kept current by a monitor. Read rows from memory,
 * listen to changes, or wait for a condition:
 *
 * <pre>{@code
 * Replica nb = Replica.start(client, "OVN_Northbound", List.of(MonitorRequest.of("Logical_Switch_Port")));
 * nb.awaitRow("Logical_Switch_Port", r -> r.string("name").equals("p1")
 *         && r.optional("up", Boolean.class).orElse(false), Duration.ofSeconds(10));
 * }</pre>
 *
 * <p>After a reconnect the replica is rebuilt from the server's fresh contents and listeners get the difference
 * (flagged {@link ReplicaChange#resync()}), so rows deleted while disconnected disappear.
 *
 * <p>Thread-safety: thread-safe. Reads are lock-free and see each table as a concurrent map (a batch may be partly
 * visible to a concurrent reader); {@link #await} evaluates its condition under the update lock, so it sees whole
 * batches. Updates are applied on the client's event thread.
 */
public final class Replica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final String db;
    private final DatabaseSchema schema;
    private final List<String> tableNames;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<ReplicaListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstSnapshot = new CompletableFuture<>();
    /** by table, then column; created on first use, kept current under {@link #lock} */
    private final Map<String, Map<String, ColumnIndex>> indexes = new ConcurrentHashMap<>();

    private volatile Map<String, Map<UUID, Row>> tables;
    private volatile boolean synced;
    private volatile long version;
    private volatile Thread eventThread;
    private Monitor monitor;

    private Replica(String db, DatabaseSchema schema, List<String> tableNames) {
        this.db = db;
        this.schema = schema;
        this.tableNames = tableNames;
        this.tables = emptyTables();
    }

    /**
     * Subscribes and waits (up to the client's request timeout) for the initial contents.
     *
     * @throws TimedOutException if the initial contents did not arrive in time (the subscription is cancelled)
     */
    public static Replica start(OvsdbClient client, String db, List<MonitorRequest> requests) {
        DatabaseSchema schema = client.schema(db);
        requests.forEach(r -> schema.requireTable(r.table()));
        Replica r = new Replica(
                db,
                schema,
                requests.stream().map(MonitorRequest::table).distinct().toList());
        r.monitor = client.monitor(db, requests, r.new Feed());
        Duration timeout = client.options().requestTimeout();
        try {
            r.firstSnapshot.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            r.close();
            throw new TimedOutException("no initial contents of " + db + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            r.close();
            throw new OvsdbException("failed", e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            r.close();
            Thread.currentThread().interrupt();
            throw new OvsdbException("interrupted", "while waiting for the initial contents of " + db, e);
        }
        return r;
    }

    public String database() {
        return db;
    }

    public DatabaseSchema schema() {
        return schema;
    }

    /** False between a disconnection and the resynchronization that follows it. */
    public boolean isSynced() {
        return synced;
    }

    /** Increases with every applied batch. */
    public long version() {
        return version;
    }

    /** The rows of a replicated table (a live, weakly consistent view). */
    public Collection<Row> rows(String table) {
        return table(table).values();
    }

    public Optional<Row> row(String table, UUID uuid) {
        return Optional.ofNullable(table(table).get(uuid));
    }

    public List<Row> find(String table, Predicate<Row> filter) {
        return table(table).values().stream().filter(filter).toList();
    }

    public Optional<Row> findFirst(String table, Predicate<Row> filter) {
        return table(table).values().stream().filter(filter).findFirst();
    }

    /**
     * The rows of {@code table} whose {@code column} equals {@code value} (a decoded value, as {@link Row} holds it),
     * through an index kept current with the replica: O(1) however large the table. The first lookup on a column
     * builds its index from the table's contents.
     */
    public List<Row> lookup(String table, String column, Object value) {
        Map<UUID, Row> t = table(table);
        ColumnIndex index = indexes.getOrDefault(table, Map.of()).get(column);
        if (index == null) {
            lock.lock();
            try {
                index = indexes.computeIfAbsent(table, k -> new ConcurrentHashMap<>())
                        .computeIfAbsent(
                                column,
                                c -> new ColumnIndex(c, tables.get(table).values()));
            } finally {
                lock.unlock();
            }
            t = table(table);
        }
        List<Row> out = new ArrayList<>();
        for (UUID u : index.get(value)) {
            Row r = t.get(u);
            if (r != null && value.equals(r.columns().get(column))) {
                out.add(r);
            }
        }
        return out;
    }

    public void addListener(ReplicaListener l) {
        listeners.add(l);
    }

    public void removeListener(ReplicaListener l) {
        listeners.remove(l);
    }

    /**
     * Waits until {@code probe} returns a value, re-evaluating it after every change.
     *
     * @param description what is awaited, for the timeout message
     * @throws TimedOutException when {@code timeout} passes first
     */
    public <T> T await(Function<Replica, Optional<T>> probe, Duration timeout, String description) {
        if (Thread.currentThread() == eventThread) {
            throw new IllegalStateException("cannot wait on the replica from its own update thread (a listener)");
        }
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                Optional<T> r = probe.apply(this);
                if (r.isPresent()) {
                    return r.get();
                }
                if (nanos <= 0) {
                    throw new TimedOutException("waited " + timeout.toMillis() + " ms for " + description);
                }
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException("interrupted", "while waiting for " + description, e);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a row of {@code table} matches and returns it. */
    public Row awaitRow(String table, Predicate<Row> condition, Duration timeout) {
        return await(r -> r.findFirst(table, condition), timeout, "a matching row in " + table);
    }

    /** Waits until no row of {@code table} matches. */
    public void awaitNoRow(String table, Predicate<Row> condition, Duration timeout) {
        await(
                r -> r.findFirst(table, condition).isPresent() ? Optional.empty() : Optional.of(true),
                timeout,
                "no matching row in " + table);
    }

    /** Cancels the monitor; the contents stay readable but no longer change. */
    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
    }

    private Map<UUID, Row> table(String table) {
        Map<UUID, Row> t = tables.get(table);
        if (t == null) {
            throw new IllegalArgumentException(
                    "table " + table + " is not replicated (replicated: " + tableNames + ")");
        }
        return t;
    }

    private Map<String, Map<UUID, Row>> emptyTables() {
        Map<String, Map<UUID, Row>> m = new HashMap<>();
        tableNames.forEach(t -> m.put(t, new ConcurrentHashMap<>()));
        return Map.copyOf(m);
    }

    private void publish(List<RowChange> changes, boolean resync) {
        if (changes.isEmpty() && !resync) {
            return;
        }
        ReplicaChange change = new ReplicaChange(changes, resync);
        for (ReplicaListener l : listeners) {
            try {
                l.onChange(change);
            } catch (RuntimeException e) {
                LOG.warn("replica listener failed", e);
            }
        }
    }

    /** The monitor's callbacks, all on the client's event thread. */
    private final class Feed implements MonitorListener {
        private boolean hadSnapshot;

        @Override
        public void onSnapshot(List<RowUpdate> rows) {
            eventThread = Thread.currentThread();
            Map<String, Map<UUID, Row>> fresh = emptyTables();
            for (RowUpdate u : rows) {
                Map<UUID, Row> t = fresh.get(u.table());
                if (t != null && u.kind() != RowUpdate.Kind.DELETE) {
                    t.put(u.uuid(), u.apply(null, schema.table(u.table()).orElse(null)));
                }
            }
            List<RowChange> changes = new ArrayList<>();
            lock.lock();
            try {
                Map<String, Map<UUID, Row>> old = tables;
                for (String name : tableNames) {
                    Map<UUID, Row> before = old.get(name);
                    Map<UUID, Row> after = fresh.get(name);
                    before.forEach((id, row) -> {
                        Row now = after.get(id);
                        if (now == null) {
                            changes.add(new RowChange(name, id, row, null));
                        } else if (!now.equals(row)) {
                            changes.add(new RowChange(name, id, row, now));
                        }
                    });
                    after.forEach((id, row) -> {
                        if (!before.containsKey(id)) {
                            changes.add(new RowChange(name, id, null, row));
                        }
                    });
                }
                tables = fresh;
                indexes.forEach((table, byColumn) -> byColumn.replaceAll((column, index) ->
                        new ColumnIndex(column, fresh.get(table).values())));
                synced = true;
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            boolean resync = hadSnapshot;
            hadSnapshot = true;
            firstSnapshot.complete(null);
            publish(changes, resync);
        }

        @Override
        public void onUpdate(List<RowUpdate> rows) {
            eventThread = Thread.currentThread();
            List<RowChange> changes = new ArrayList<>();
            lock.lock();
            try {
                Map<String, Map<UUID, Row>> current = tables;
                for (RowUpdate u : rows) {
                    Map<UUID, Row> t = current.get(u.table());
                    if (t == null) {
                        continue;
                    }
                    Row before = t.get(u.uuid());
                    Row after = u.apply(before, schema.table(u.table()).orElse(null));
                    if (after == null) {
                        t.remove(u.uuid());
                    } else {
                        t.put(u.uuid(), after);
                    }
                    Map<String, ColumnIndex> byColumn = indexes.get(u.table());
                    if (byColumn != null) {
                        byColumn.values().forEach(i -> i.change(u.uuid(), before, after));
                    }
                    changes.add(new RowChange(u.table(), u.uuid(), before, after));
                }
                version++;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            publish(changes, false);
        }

        @Override
        public void onDisconnected(OvsdbException cause) {
            synced = false;
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            for (ReplicaListener l : listeners) {
                try {
                    l.onDisconnected(cause);
                } catch (RuntimeException e) {
                    LOG.warn("replica listener failed", e);
                }
            }
        }
    }
}
