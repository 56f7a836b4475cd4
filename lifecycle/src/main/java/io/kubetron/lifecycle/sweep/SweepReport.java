package io.kubetron.lifecycle.sweep;

import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.decision.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The result of one sweep.
 *
 * @param ports owned ports the backend listed
 * @param pods Pods the decision saw
 * @param kept how many ports were kept, by reason
 * @param orphans the confirmed orphans and their outcome
 * @param inGrace ports kept only because their grace period is running
 * @param duration wall time of the whole sweep
 * @param dryRun whether nothing was deleted on purpose
 */
public record SweepReport(
        int ports,
        int pods,
        Map<Reason, Integer> kept,
        List<Orphan> orphans,
        List<Decision> inGrace,
        Duration duration,
        boolean dryRun) {
    public SweepReport {
        kept = Map.copyOf(kept);
        orphans = List.copyOf(orphans);
        inGrace = List.copyOf(inGrace);
    }

    public long count(Orphan.Outcome outcome) {
        return orphans.stream().filter(o -> o.outcome() == outcome).count();
    }
}
