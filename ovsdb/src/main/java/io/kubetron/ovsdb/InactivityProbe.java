package io.kubetron.ovsdb;

import io.kubetron.ovsdb.wire.JsonRpcConnection;
import java.time.Duration;
import java.util.function.Supplier;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Our side of the OVSDB inactivity probe, as ovsdb-server does it: after {@code interval} without any message send an
 * {@code echo}; if nothing at all arrives within another {@code interval}, the peer is gone (a half-open TCP connection
 * or a stalled server) and the connection is closed so the client can reconnect.
 * Runs only on the client's timer thread; not thread-safe otherwise.
 */
final class InactivityProbe implements Runnable {
    private final Supplier<JsonRpcConnection> current;
    private final long intervalNanos;
    private JsonRpcConnection probed;
    private long probeSentAt;
    private boolean probing;

    InactivityProbe(Supplier<JsonRpcConnection> current, Duration interval) {
        this.current = current;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void run() {
        JsonRpcConnection c = current.get();
        if (c == null || !c.isOpen()) {
            probed = null;
            return;
        }
        if (c != probed) {
            probed = c;
            probing = false;
        }
        long now = System.nanoTime();
        long last = c.lastReceivedNanos();
        if (probing) {
            if (last - probeSentAt >= 0) {
                probing = false;
            } else if (now - probeSentAt >= intervalNanos) {
                c.close(new DisconnectedException(
                        "no response to inactivity probe after "
                                + Duration.ofNanos(intervalNanos).toMillis() + " ms from " + c.endpoint(),
                        null));
                return;
            }
        }
        if (!probing && now - last >= intervalNanos) {
            probing = true;
            probeSentAt = now;
            c.call("echo", JsonNodeFactory.instance.arrayNode().add("kubetron-probe"));
        }
    }
}
