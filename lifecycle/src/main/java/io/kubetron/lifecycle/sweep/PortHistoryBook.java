package io.kubetron.lifecycle.sweep;

import io.kubetron.backend.BackendPort;
import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.decision.PortHistory;
import io.kubetron.lifecycle.decision.Reason;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The controller's memory of ports between sweeps (when first listed, which Pod was seen holding them). In memory
 * only: losing it on a restart restarts the grace period, which delays deletions but never hastens one.
 * Thread-safe.
 */
public final class PortHistoryBook {
    private final Map<String, PortHistory> byPort = new ConcurrentHashMap<>();

    /** A read-only view for {@link io.kubetron.lifecycle.decision.Decider}. */
    public Map<String, PortHistory> view() {
        return java.util.Collections.unmodifiableMap(byPort);
    }

    /** What is known of one port; first seen {@code now} when nothing is. */
    public PortHistory get(String portId, Instant now) {
        PortHistory h = byPort.get(portId);
        return h == null ? PortHistory.firstSeen(now) : h;
    }

    /**
     * Records a full listing: new ports are first seen now, claims are remembered, and ports no longer listed are
     * forgotten (so the book stays as large as the backend, not as its history).
     */
    public void recordListing(Collection<BackendPort> listed, Collection<Decision> decisions, Instant now) {
        Set<String> ids = new HashSet<>(listed.size() * 2);
        for (BackendPort p : listed) {
            ids.add(p.id());
            byPort.putIfAbsent(p.id(), PortHistory.firstSeen(now));
        }
        for (Decision d : decisions) {
            if (d.reason() == Reason.CLAIMED) {
                byPort.computeIfPresent(d.port().id(), (k, h) -> h.claimedBy(d.claimant()));
            }
        }
        byPort.keySet().retainAll(ids);
    }

    public void forget(String portId) {
        byPort.remove(portId);
    }

    public int size() {
        return byPort.size();
    }
}
