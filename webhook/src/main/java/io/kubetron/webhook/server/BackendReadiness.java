package io.kubetron.webhook.server;

import io.kubetron.backend.NetworkBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the webhook can serve: the backend answers {@link NetworkBackend#check()} within a timeout. The answer is
 * cached briefly so that probes from the kubelet (and a load balancer) do not hammer the backend. Thread-safe.
 */
public final class BackendReadiness {
    private static final Logger LOG = LoggerFactory.getLogger(BackendReadiness.class);
    private final NetworkBackend backend;
    private final Duration cacheFor;
    private final Duration timeout;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile State state = new State(false, "not checked yet", Long.MIN_VALUE);
    /** The last check started; guarded by {@code lock}. */
    private CompletableFuture<Void> inflight;

    /**
     * The last answer.
     *
     * @param ready whether the backend answered
     * @param detail why not, or {@code ok}
     * @param checkedAtMillis when, by the clock
     */
    public record State(boolean ready, String detail, long checkedAtMillis) {}

    public BackendReadiness(NetworkBackend backend, Duration cacheFor, Duration timeout, Clock clock) {
        this.backend = backend;
        this.cacheFor = cacheFor;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The cached state, checking the backend again when it is older than the cache time. */
    public State check() {
        State s = state;
        if (fresh(s)) {
            return s;
        }
        synchronized (lock) {
            s = state;
            if (fresh(s)) {
                return s;
            }
            State next = probe();
            if (next.ready() != s.ready()) {
                LOG.info("readiness ready={} detail=\"{}\"", next.ready(), next.detail());
            }
            state = next;
            return next;
        }
    }

    private boolean fresh(State s) {
        return s.checkedAtMillis() != Long.MIN_VALUE && clock.millis() - s.checkedAtMillis() < cacheFor.toMillis();
    }

    private State probe() {
        // a backend that hangs (a black-holed OVN endpoint) must not hang the probe: check on a thread of its own,
        // and while that check is still stuck, wait on it again rather than pile up new ones
        CompletableFuture<Void> check = inflight;
        if (check == null || check.isDone()) {
            CompletableFuture<Void> started = new CompletableFuture<>();
            Thread.ofVirtual().name("kubetron-readiness").start(() -> {
                try {
                    backend.check();
                    started.complete(null);
                } catch (Throwable t) {
                    started.completeExceptionally(t);
                }
            });
            inflight = started;
            check = started;
        }
        try {
            check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new State(true, "ok", clock.millis());
        } catch (TimeoutException e) {
            return new State(false, "the backend did not answer within " + timeout.toMillis() + " ms", clock.millis());
        } catch (ExecutionException e) {
            return new State(false, String.valueOf(e.getCause().getMessage()), clock.millis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new State(false, "interrupted", clock.millis());
        }
    }
}
