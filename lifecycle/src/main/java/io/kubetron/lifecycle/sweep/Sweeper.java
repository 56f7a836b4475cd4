package io.kubetron.lifecycle.sweep;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.lifecycle.decision.Decider;
import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.decision.PodIndex;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.decision.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One full pass over every port the backend lists as Kubetron's: decide on a snapshot of the Pods
 * ({@link Decider}), confirm the orphans live and delete them ({@link Reaper}). Sweeps must not overlap (the
 * controller runs them on one thread); otherwise thread-safe.
 */
public final class Sweeper {
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private final NetworkBackend backend;
    private final Supplier<? extends Collection<PodView>> pods;
    private final PortHistoryBook book;
    private final Reaper reaper;
    private final Duration grace;
    private final Clock clock;
    private final SweepObserver observer;

    /**
     * @param pods the Pods that exist (an informer's cache, or a fresh list)
     * @param book the memory shared with the Pod-deletion path
     */
    public Sweeper(
            NetworkBackend backend,
            Supplier<? extends Collection<PodView>> pods,
            PortHistoryBook book,
            Reaper reaper,
            Duration grace,
            Clock clock,
            SweepObserver observer) {
        this.backend = backend;
        this.pods = pods;
        this.book = book;
        this.reaper = reaper;
        this.grace = grace;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * Sweeps once. Throws what the backend or the API server threw when the ports or Pods cannot be listed; the
     * observer hears of it.
     *
     * @param dryRun report what would be deleted, delete nothing
     * @param mayAct checked before each deletion; false stops deleting (leadership lost)
     */
    public SweepReport sweep(boolean dryRun, BooleanSupplier mayAct) {
        long start = System.nanoTime();
        try {
            Instant now = clock.instant();
            List<BackendPort> ports = backend.listOwnedPorts(OwnerFilter.ALL);
            Collection<PodView> snapshot = pods.get();
            List<Decision> decisions = Decider.decide(ports, PodIndex.of(snapshot), book.view(), now, grace);
            book.recordListing(ports, decisions, now);
            Map<Reason, Integer> kept = new EnumMap<>(Reason.class);
            decisions.stream().filter(d -> !d.delete()).forEach(d -> kept.merge(d.reason(), 1, Integer::sum));
            List<Decision> candidates =
                    decisions.stream().filter(Decision::delete).toList();
            List<Decision> inGrace = decisions.stream()
                    .filter(d -> d.reason() == Reason.IN_GRACE)
                    .toList();
            List<Orphan> orphans = reaper.reap(candidates, Map.of(), now, dryRun, mayAct);
            SweepReport r = new SweepReport(
                    ports.size(),
                    snapshot.size(),
                    kept,
                    orphans,
                    inGrace,
                    Duration.ofNanos(System.nanoTime() - start),
                    dryRun);
            LOG.info(
                    "sweep done ports={} pods={} orphans={} deleted={} failed={} in_grace={} dry_run={} ms={}",
                    r.ports(),
                    r.pods(),
                    orphans.size(),
                    r.count(Orphan.Outcome.DELETED),
                    r.count(Orphan.Outcome.FAILED),
                    inGrace.size(),
                    dryRun,
                    r.duration().toMillis());
            observer.swept(r);
            return r;
        } catch (RuntimeException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.warn("sweep failed ms={} error=\"{}\"", took.toMillis(), e.getMessage());
            observer.sweepFailed(e.getMessage(), took);
            throw e;
        }
    }
}
