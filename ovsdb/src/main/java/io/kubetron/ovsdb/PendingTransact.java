package io.kubetron.ovsdb;

import java.util.concurrent.CompletableFuture;

/**
 * A transaction sent but maybe not answered yet. {@link #cancel()} asks the server to abandon it (useful for a
 * blocking {@code wait}); the result then fails at once with an {@link OvsdbException} whose error is
 * {@code "canceled"}.
 * Thread-safe.
 */
public final class PendingTransact {
    private final long id;
    private final CompletableFuture<TransactResult> result;
    private final Runnable canceller;

    PendingTransact(long id, CompletableFuture<TransactResult> result, Runnable canceller) {
        this.id = id;
        this.result = result;
        this.canceller = canceller;
    }

    /** The JSON-RPC request id. */
    public long id() {
        return id;
    }

    public CompletableFuture<TransactResult> result() {
        return result;
    }

    /** Sends RFC 7047 {@code cancel} for this request. */
    public void cancel() {
        canceller.run();
    }
}
