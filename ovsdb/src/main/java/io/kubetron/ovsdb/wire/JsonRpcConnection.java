package io.kubetron.ovsdb.wire;

import io.kubetron.ovsdb.DisconnectedException;
import io.kubetron.ovsdb.OvsdbErrors;
import io.kubetron.ovsdb.OvsdbException;
import io.kubetron.ovsdb.ProtocolException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One JSON-RPC 1.0 session over a {@link Transport} (RFC 7047 section 4): numbered requests correlated with their
 * replies, notifications, and the server's {@code echo} requests answered on the spot.
 *
 * <p>Thread-safety: thread-safe. Any number of threads may issue requests concurrently; writes are serialized with a
 * {@link ReentrantLock} (not {@code synchronized}, so virtual threads do not pin while blocked in I/O). One platform
 * reader thread parses replies and completes futures; handlers it calls must not block.
 */
public final class JsonRpcConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcConnection.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long WRITE_FAILURE_GRACE_MILLIS = 1000;

    /** Receives what the reader thread sees besides replies. Called on the reader thread; must not block. */
    public interface Handler {
        void onNotification(String method, JsonNode params);

        /** Called once, when the connection is closed for whatever reason (by us, the peer, or an error). */
        void onClose(OvsdbException cause);
    }

    /** A sent request. {@code id} can be used to {@link #cancel(long)} it. */
    public record Call(long id, CompletableFuture<JsonNode> result) {}

    private final Transport transport;
    private final ObjectMapper mapper;
    private final Handler handler;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile OvsdbException closeCause;

    public JsonRpcConnection(Transport transport, ObjectMapper mapper, Handler handler, String threadName) {
        this.transport = transport;
        this.mapper = mapper;
        this.handler = handler;
        this.out = transport.output();
        this.reader = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::readLoop);
    }

    /** Starts the reader thread. */
    public void start() {
        reader.start();
    }

    public Endpoint endpoint() {
        return transport.endpoint();
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /** {@link System#nanoTime()} of the last message received, for inactivity probing. */
    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    private record Pending(CompletableFuture<JsonNode> future, Consumer<JsonNode> onReply) {}

    /** Sends a request; the future completes on the reader thread with the {@code result}, or a mapped error. */
    public Call call(String method, ArrayNode params) {
        return call(method, params, null);
    }

    /**
     * Like {@link #call(String, ArrayNode)}, with {@code onReply} run on the reader thread before the future completes
     * and before any later message is read: for replies whose handling must stay ordered with later notifications
     * (a monitor's initial contents before its first update). {@code onReply} must not block.
     */
    public Call call(String method, ArrayNode params, Consumer<JsonNode> onReply) {
        long id = nextId.getAndIncrement();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, new Pending(f, onReply));
        if (closed.get()) {
            pending.remove(id);
            f.completeExceptionally(closedException());
            return new Call(id, f);
        }
        ObjectNode msg = F.objectNode().put("method", method);
        msg.set("params", params);
        msg.put("id", id);
        try {
            write(msg);
        } catch (IOException e) {
            writeFailed(method, e);
        }
        // close() may have drained the map just before our put(); do not leave the caller hanging
        if (closed.get() && pending.remove(id) != null) {
            f.completeExceptionally(closedException());
        }
        return new Call(id, f);
    }

    /** Sends a notification (a request with a null id, which gets no reply). */
    public void notify(String method, ArrayNode params) {
        ObjectNode msg = F.objectNode().put("method", method);
        msg.set("params", params);
        msg.putNull("id");
        try {
            write(msg);
        } catch (IOException e) {
            writeFailed(method, e);
        }
    }

    /**
     * Asks the server to abandon request {@code id} (RFC 7047 {@code cancel}) and fails it locally with error
     * {@code "canceled"}: RFC 7047 says the server answers with that error, but ovsdb-server (3.1) drops the
     * request without any reply, so waiting for one would hang. A reply that does come is ignored.
     */
    public void cancel(long id) {
        notify("cancel", F.arrayNode().add(id));
        Pending p = pending.remove(id);
        if (p != null) {
            p.future()
                    .completeExceptionally(new OvsdbException("canceled", "request " + id + " canceled by the client"));
        }
    }

    /**
     * A failed write says little ("Broken pipe"); the reader usually learns why the peer went away (a TLS alert such as
     * certificate_required, or the end of the stream), so give it a moment to close the connection with that reason.
     * The caller's request is still pending and is failed by that close.
     */
    private void writeFailed(String method, IOException e) {
        if (Thread.currentThread() != reader && reader.isAlive()) {
            try {
                reader.join(WRITE_FAILURE_GRACE_MILLIS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        close(new DisconnectedException("cannot send " + method + " to " + endpoint() + ": " + e.getMessage(), e));
    }

    private void write(ObjectNode msg) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(msg);
        writeLock.lock();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    private void readLoop() {
        OvsdbException cause;
        try (MessageReader in = new MessageReader(mapper, transport.input())) {
            while (true) {
                JsonNode msg = in.next();
                if (msg == null) {
                    cause = new DisconnectedException(endpoint() + " closed the connection", null);
                    break;
                }
                lastReceivedNanos = System.nanoTime();
                dispatch(msg);
            }
        } catch (ProtocolException e) {
            cause = new ProtocolException("bad data from " + endpoint() + ", connection closed: " + e.details(), e);
        } catch (IOException | RuntimeException e) {
            cause = closed.get()
                    ? closeCause
                    : new DisconnectedException("connection to " + endpoint() + " lost: " + transport.explain(e), e);
        }
        close(cause);
    }

    private void dispatch(JsonNode msg) throws ProtocolException {
        JsonNode method = msg.get("method");
        JsonNode id = msg.get("id");
        if (method != null && method.isString()) {
            JsonNode params = msg.has("params") ? msg.get("params") : F.arrayNode();
            if (id == null || id.isNull()) {
                try {
                    handler.onNotification(method.asString(), params);
                } catch (RuntimeException e) {
                    LOG.warn("handler failed on {} notification from {}", method.asString(), endpoint(), e);
                }
            } else {
                answer(method.asString(), id, params);
            }
            return;
        }
        if (id == null || !msg.has("result") && !msg.has("error")) {
            throw new ProtocolException("message is neither a request nor a reply: " + abbreviate(msg), null);
        }
        if (!id.canConvertToLong()) {
            LOG.debug("ignoring reply with foreign id {}", id);
            return;
        }
        Pending p = pending.remove(id.asLong());
        if (p == null) {
            LOG.debug("ignoring reply to unknown or cancelled request {}", id);
            return;
        }
        JsonNode error = msg.get("error");
        if (error != null && !error.isNull()) {
            p.future().completeExceptionally(OvsdbErrors.fromJson(error));
            return;
        }
        JsonNode result = msg.get("result");
        if (p.onReply() != null) {
            try {
                p.onReply().accept(result);
            } catch (RuntimeException e) {
                p.future().completeExceptionally(e);
                return;
            }
        }
        p.future().complete(result);
    }

    /** The server asks us something: {@code echo} is its inactivity probe, which must be answered to stay connected. */
    private void answer(String method, JsonNode id, JsonNode params) {
        ObjectNode reply = F.objectNode();
        reply.set("id", id);
        if ("echo".equals(method)) {
            reply.set("result", params);
            reply.putNull("error");
        } else {
            reply.putNull("result");
            reply.put("error", "unknown method");
        }
        try {
            write(reply);
        } catch (IOException e) {
            close(new DisconnectedException(
                    "cannot answer " + method + " from " + endpoint() + ": " + e.getMessage(), e));
        }
    }

    private DisconnectedException closedException() {
        OvsdbException c = closeCause;
        if (c instanceof DisconnectedException d) {
            return d;
        }
        return new DisconnectedException("connection to " + endpoint() + " is closed", c);
    }

    /** Closes with a reason that every pending caller receives. Idempotent. */
    public void close(OvsdbException cause) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeCause = cause;
        try {
            transport.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", endpoint(), e.toString());
        }
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future().completeExceptionally(cause);
            }
        }
        try {
            handler.onClose(cause);
        } catch (RuntimeException e) {
            LOG.warn("close handler failed for {}", endpoint(), e);
        }
    }

    @Override
    public void close() {
        close(new DisconnectedException("connection to " + endpoint() + " closed by the client", null));
    }

    /** Waits for the reader thread to end (after {@link #close()}). */
    public void awaitReaderExit(long millis) throws InterruptedException {
        if (Thread.currentThread() != reader) {
            reader.join(millis);
        }
    }

    private static String abbreviate(JsonNode msg) {
        String s = msg.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
