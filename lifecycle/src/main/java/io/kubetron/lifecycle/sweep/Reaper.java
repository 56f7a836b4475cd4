package io.kubetron.lifecycle.sweep;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.common.log.PodContext;
import io.kubetron.common.log.PodLogger;
import io.kubetron.lifecycle.decision.Decider;
import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.decision.PodIndex;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.pods.LivePods;
import io.kubetron.model.owner.PortOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * The last step before a port is deleted: asks the API server itself (not a cache) about the Pods the candidates
 * could belong to, decides again on that live answer, and deletes what is still an orphan. A candidate whose Pods
 * cannot be read is left for the next sweep. Used by both the sweep and the Pod-deletion path. Thread-safe if its
 * collaborators are.
 */
public final class Reaper {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(Reaper.class));
    private final NetworkBackend backend;
    private final LivePods live;
    private final PortHistoryBook book;
    private final Duration grace;
    private final SweepObserver observer;

    public Reaper(NetworkBackend backend, LivePods live, PortHistoryBook book, Duration grace, SweepObserver observer) {
        this.backend = backend;
        this.live = live;
        this.book = book;
        this.grace = grace;
        this.observer = observer;
    }

    /**
     * @param candidates decisions to delete, made on possibly stale Pods
     * @param evidence extra history per port id (a Pod just seen deleted), over the book's
     * @param dryRun decide and report, delete nothing
     * @param mayAct checked before each deletion: false stops (leadership lost)
     */
    public List<Orphan> reap(
            List<Decision> candidates,
            Map<String, String> evidence,
            Instant now,
            boolean dryRun,
            BooleanSupplier mayAct) {
        List<Orphan> out = new ArrayList<>();
        LiveLookups lookups = new LiveLookups();
        for (Decision candidate : candidates) {
            PortOwner o = candidate.port().owner();
            Optional<PodIndex> pods = lookups.around(o);
            if (pods.isEmpty()) {
                out.add(report(new Orphan(
                        candidate, Orphan.Outcome.FAILED, "cannot confirm with the API server: " + lookups.error)));
                continue;
            }
            var history = book.get(candidate.port().id(), now)
                    .claimedBy(evidence.get(candidate.port().id()));
            Decision confirmed = Decider.decide(candidate.port(), pods.get(), history, now, grace);
            if (!confirmed.delete()) {
                LOG.info(
                        pod(o),
                        "orphan spared port={} reason={} detail=\"{}\": the API server disagrees with the cache",
                        candidate.port().id(),
                        confirmed.reason().label(),
                        confirmed.detail());
                continue;
            }
            out.add(report(act(confirmed, dryRun, mayAct)));
        }
        return out;
    }

    private Orphan act(Decision d, boolean dryRun, BooleanSupplier mayAct) {
        String id = d.port().id();
        if (dryRun) {
            return new Orphan(d, Orphan.Outcome.WOULD_DELETE, null);
        }
        if (!mayAct.getAsBoolean()) {
            return new Orphan(d, Orphan.Outcome.SKIPPED, "no longer the leader");
        }
        try {
            boolean existed = backend.deletePort(id);
            book.forget(id);
            return new Orphan(d, existed ? Orphan.Outcome.DELETED : Orphan.Outcome.ALREADY_GONE, null);
        } catch (RuntimeException e) {
            return new Orphan(d, Orphan.Outcome.FAILED, e.getMessage());
        }
    }

    /** The Pod an orphan port was made for, as log lines name it ({@code namespace/generateName*} before a name). */
    private static PodContext pod(PortOwner o) {
        return PodContext.of(
                o.namespace(), o.podName() != null && !o.podName().isEmpty() ? o.podName() : o.generateName() + "*");
    }

    private Orphan report(Orphan o) {
        Decision d = o.decision();
        if (o.outcome() == Orphan.Outcome.FAILED) {
            LOG.warn(
                    pod(d.port().owner()),
                    "orphan port not deleted port={} network={} reason={} error=\"{}\"",
                    d.port().id(),
                    d.port().networkName(),
                    d.reason().label(),
                    o.error());
        } else {
            LOG.info(
                    pod(d.port().owner()),
                    "orphan port {} port={} network={} name={} reason={} detail=\"{}\"",
                    o.outcome().name().toLowerCase(java.util.Locale.ROOT),
                    d.port().id(),
                    d.port().networkName(),
                    d.port().name(),
                    d.reason().label(),
                    d.detail());
        }
        observer.orphan(o);
        return o;
    }

    /** Live reads made once per Pod name or namespace within one reap. */
    private final class LiveLookups {
        private final Map<String, Optional<PodView>> byName = new HashMap<>();
        private final Map<String, List<PodView>> byNamespace = new HashMap<>();
        private String error;

        /** The live Pods that can matter for this owner, or empty if the API server could not be read. */
        Optional<PodIndex> around(PortOwner o) {
            try {
                if (o.podName() != null && !o.podName().isEmpty()) {
                    Optional<PodView> pod = byName.computeIfAbsent(
                            o.namespace() + "/" + o.podName(), k -> live.get(o.namespace(), o.podName()));
                    return Optional.of(PodIndex.of(pod.stream().toList()));
                }
                // known only by generateName: any Pod of the namespace that lists the port can be its Pod
                return Optional.of(PodIndex.of(byNamespace.computeIfAbsent(o.namespace(), live::list)));
            } catch (RuntimeException e) {
                error = e.getMessage();
                return Optional.empty();
            }
        }
    }
}
