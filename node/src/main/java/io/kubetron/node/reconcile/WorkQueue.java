package io.kubetron.node.reconcile;

import io.kubetron.common.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A keyed work queue with a fixed number of workers, as Kubernetes controllers have: a key queued many times runs
 * once; a key is never handled by two workers at once (a change while it runs queues it again for after); a key whose
 * handling did not finish comes back after an exponential backoff, reset once it succeeds. So a burst of Pods costs at
 * most {@code workers} plumbings at a time, and a Pod's changes are applied in order.
 *
 * <p>Thread-safe: one lock guards the sets; handlers run outside it.
 */
public final class WorkQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);
    /** First look again at a key waiting for something that comes by itself (a sandbox), then doubling to the cap. */
    private static final Duration WAIT_BASE = Duration.ofMillis(100);

    private static final Duration WAIT_CAP = Duration.ofMillis(500);
    private final Function<String, Outcome> handler;
    /** After a failed run. */
    private final Backoff failed;
    /** After a run waiting for something that comes by itself (a sandbox): polls briskly. */
    private final Backoff waitingFor;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    /** Keys waiting for a worker, oldest first. Guarded by {@link #lock}. */
    private final LinkedHashSet<String> queued = new LinkedHashSet<>();
    /** Keys a worker holds now. Guarded by {@link #lock}. */
    private final Set<String> running = new HashSet<>();
    /** Keys changed while running: queued again when their run ends. Guarded by {@link #lock}. */
    private final Set<String> dirty = new HashSet<>();
    /** Failed runs in a row, per key. Guarded by {@link #lock}. */
    private final Map<String, Integer> failures = new HashMap<>();
    /** Callers waiting for the next run of a key that starts after they asked. Guarded by {@link #lock}. */
    private final Map<String, List<CompletableFuture<Outcome>>> waiting = new HashMap<>();

    private final ScheduledExecutorService timer;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Starts the workers.
     *
     * @param workers how many keys are handled at once
     * @param handler reconciles one key; an exception counts as a failure with its message
     * @param backoff delays after failed runs in a row; runs that wait for something use it capped at 100 ms to
     *     500 ms
     */
    public WorkQueue(String name, int workers, Function<String, Outcome> handler, Backoff backoff) {
        this.handler = handler;
        this.failed = backoff;
        this.waitingFor = new Backoff(
                min(backoff.initial(), WAIT_BASE),
                min(backoff.max(), WAIT_CAP),
                backoff.multiplier(),
                backoff.jitter());
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name + "-delay").factory());
        for (int i = 0; i < workers; i++) {
            Thread t = Thread.ofPlatform().daemon().name(name + "-" + i).start(this::work);
            this.workers.add(t);
        }
    }

    /** Queues {@code key} (a no-op when it is already queued). */
    public void add(String key) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (running.contains(key)) {
                dirty.add(key);
            } else if (queued.add(key)) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues {@code key} after {@code delay}. */
    public void addAfter(String key, Duration delay) {
        if (!closed) {
            timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Queues {@code key} and completes with the outcome of its next run that starts after this call: what a caller
     * that must wait for the work (the kubelet's PreStartContainer) needs.
     */
    public CompletableFuture<Outcome> addAndWait(String key) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        lock.lock();
        try {
            if (closed) {
                f.complete(Outcome.failed("the node agent is stopping"));
                return f;
            }
            waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        } finally {
            lock.unlock();
        }
        add(key);
        return f;
    }

    /** Keys queued or running now. */
    public int depth() {
        lock.lock();
        try {
            return queued.size() + running.size();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            String key;
            List<CompletableFuture<Outcome>> waiters;
            lock.lock();
            try {
                while (queued.isEmpty() && !closed) {
                    ready.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                var it = queued.iterator();
                key = it.next();
                it.remove();
                running.add(key);
                waiters = waiting.remove(key);
            } finally {
                lock.unlock();
            }
            Outcome outcome;
            try {
                outcome = handler.apply(key);
            } catch (RuntimeException e) {
                LOG.warn("reconcile failed key={} error=\"{}\"", key, e.getMessage(), e);
                outcome = Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            finish(key, outcome);
            if (waiters != null) {
                Outcome o = outcome;
                waiters.forEach(w -> w.complete(o));
            }
        }
    }

    private void finish(String key, Outcome outcome) {
        Duration retryIn = null;
        lock.lock();
        try {
            running.remove(key);
            if (outcome.done()) {
                failures.remove(key);
            } else {
                int n = failures.merge(key, 1, Integer::sum);
                // waiting for something that comes by itself (a sandbox) polls briskly; failures back off further
                retryIn = (outcome.error() == null ? waitingFor : failed).delay(n);
            }
            if (dirty.remove(key) && !closed) {
                queued.add(key);
                ready.signal();
                retryIn = null;
            }
        } finally {
            lock.unlock();
        }
        if (retryIn != null) {
            addAfter(key, retryIn);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Stops taking keys; runs in progress finish (each within its own timeouts). */
    @Override
    public void close() {
        List<CompletableFuture<Outcome>> left = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
            waiting.values().forEach(left::addAll);
            waiting.clear();
        } finally {
            lock.unlock();
        }
        left.forEach(f -> f.complete(Outcome.failed("the node agent is stopping")));
        timer.shutdownNow();
        for (Thread t : workers) {
            try {
                t.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
