package io.kubetron.ovsdb.monitor;

/** A live monitor subscription. Thread-safe. */
public interface Monitor extends AutoCloseable {

    /** The monitor id used on the wire. */
    String id();

    /** The method the server accepted: {@code monitor_cond_since}, {@code monitor_cond} or {@code monitor}. */
    String method();

    /** Stops the monitor ({@code monitor_cancel}); no further calls reach the listener. Idempotent. */
    @Override
    void close();
}
