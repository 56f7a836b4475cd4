package io.kubetron.lifecycle.sweep;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.lifecycle.decision.Decider;
import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.decision.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Deletes the ports of Pods that were just deleted or just finished: the ports their networksSpec listed whose owner
 * record agrees with the Pod. Only those: a port merely owned by the same name may belong to a new Pod of that name being admitted
 * right now (a StatefulSet's), and is left to the sweep and its grace period. A batch of deletions costs one port
 * listing. Not thread-safe: the controller calls it from its single worker thread.
 */
public final class PodDeletions {
    private final NetworkBackend backend;
    private final Reaper reaper;
    private final Clock clock;

    public PodDeletions(NetworkBackend backend, Reaper reaper, Clock clock) {
        this.backend = backend;
        this.reaper = reaper;
        this.clock = clock;
    }

    /** Deletes the ports of these deleted Pods (after the live check); returns what became of each. */
    public List<Orphan> handle(List<PodView> deleted, BooleanSupplier mayAct) {
        List<PodView> withPorts =
                deleted.stream().filter(p -> !p.portIds().isEmpty()).toList();
        if (withPorts.isEmpty()) {
            return List.of();
        }
        Set<String> namespaces = withPorts.stream().map(PodView::namespace).collect(Collectors.toSet());
        OwnerFilter filter =
                namespaces.size() == 1 ? new OwnerFilter(namespaces.iterator().next(), null) : OwnerFilter.ALL;
        Map<String, BackendPort> owned = new HashMap<>();
        backend.listOwnedPorts(filter).forEach(p -> owned.put(p.id(), p));
        Instant now = clock.instant();
        List<Decision> candidates = new ArrayList<>();
        Map<String, String> evidence = new HashMap<>();
        for (PodView pod : withPorts) {
            for (String id : pod.portIds()) {
                BackendPort p = owned.get(id);
                if (p != null && Decider.agrees(p.owner(), pod)) {
                    candidates.add(
                            pod.finished()
                                    ? new Decision(
                                            p, Reason.POD_FINISHED, "Pod " + pod.display() + " has finished", null)
                                    : new Decision(p, Reason.POD_GONE, "Pod " + pod.display() + " was deleted", null));
                    // the deleted Pod listed the port: that is the evidence its Pod existed, so no grace applies
                    evidence.put(id, pod.uid());
                }
            }
        }
        return reaper.reap(candidates, evidence, now, false, mayAct);
    }
}
