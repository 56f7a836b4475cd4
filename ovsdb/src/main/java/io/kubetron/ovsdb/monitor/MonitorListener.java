package io.kubetron.ovsdb.monitor;

import io.kubetron.ovsdb.OvsdbException;
import java.util.List;

/**
 * Receives a monitor's data. Calls come from the client's single event thread, in server order, never concurrently;
 * implementations may call the client (even blocking calls) but should return promptly.
 */
public interface MonitorListener {

    /**
     * The complete current contents of the monitored tables: replace whatever was held before. Called once after
     * subscribing and again after every reconnect (rows deleted while disconnected are simply absent).
     */
    void onSnapshot(List<RowUpdate> rows);

    /** Changes since the previous snapshot or update, as one transaction's worth of rows. */
    void onUpdate(List<RowUpdate> rows);

    /** The connection was lost; data is stale until the next {@link #onSnapshot}. */
    default void onDisconnected(OvsdbException cause) {}
}
