package io.kubetron.lifecycle.decision;

import java.time.Instant;

/**
 * What one controller remembers about a port between sweeps. The backends record no creation time, so the grace
 * period runs from the moment this controller first listed the port; a restarted controller starts counting again,
 * which can only delay a deletion, never hasten one.
 *
 * @param firstSeen when this controller first listed the port
 * @param claimedByUid the uid of a Pod seen listing the port (evidence that its Pod existed), or null
 */
public record PortHistory(Instant firstSeen, String claimedByUid) {
    public static PortHistory firstSeen(Instant at) {
        return new PortHistory(at, null);
    }

    public PortHistory claimedBy(String uid) {
        return uid == null || uid.equals(claimedByUid) ? this : new PortHistory(firstSeen, uid);
    }
}
