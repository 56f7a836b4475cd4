package io.kubetron.lifecycle.decision;

import io.kubetron.backend.BackendPort;
import io.kubetron.model.owner.PortOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole garbage-collection policy as a pure function: owned ports, the Pods that exist, what was remembered about
 * the ports, and the time, give a keep-or-delete {@link Decision} per port. No I/O, so every rule is unit-tested.
 *
 * <p>The rules, in order (docs/lifecycle.md explains why):
 * <ol>
 *   <li>A Pod of the owner's namespace that lists the port and agrees with the owner record, but has finished
 *       (Succeeded or Failed): delete at once ({@link Reason#POD_FINISHED}); its containers never run again.</li>
 *   <li>A Pod of the owner's namespace that lists the port in its networksSpec and agrees with the owner record
 *       ({@link PortOwner#matches}: name, or generateName prefix; uid when both know one) holds it: keep.</li>
 *   <li>The owner's Pod uid is known (recorded on the port, or remembered from an earlier claim): if no Pod has that
 *       uid, the Pod existed and is gone: delete at once ({@link Reason#POD_GONE}, or {@link Reason#POD_REPLACED} when
 *       the name now belongs to another Pod).</li>
 *   <li>The owner names a Pod that exists: keep it if that Pod has no networksSpec to compare with; if it lists other
 *       ports, the port is a leftover of an earlier admission of that name: delete after the grace period.</li>
 *   <li>Otherwise no Pod matches (for a generateName-only owner, nothing else can match): delete once the port has
 *       been known for the grace period, since until then its admission may still be in flight.</li>
 * </ol>
 * Ports without an owner record are never decided on (the backends do not list them as Kubetron's).
 */
public final class Decider {
    private Decider() {}

    /**
     * @param ports the ports the backend lists as Kubetron's
     * @param pods the Pods that exist
     * @param history what is remembered per port id; a port missing from it is first seen {@code now}
     * @param now the time of the decision
     * @param grace how long a port may exist without a Pod before it counts as abandoned
     */
    public static List<Decision> decide(
            Collection<BackendPort> ports,
            PodIndex pods,
            Map<String, PortHistory> history,
            Instant now,
            Duration grace) {
        List<Decision> out = new ArrayList<>(ports.size());
        for (BackendPort p : ports) {
            if (p.owner() != null) {
                PortHistory h = history.get(p.id());
                out.add(decide(p, pods, h == null ? PortHistory.firstSeen(now) : h, now, grace));
            }
        }
        return out;
    }

    /** The decision for one owned port. */
    public static Decision decide(BackendPort port, PodIndex pods, PortHistory history, Instant now, Duration grace) {
        PortOwner o = port.owner();
        if (o == null) {
            throw new IllegalArgumentException("port " + port.id() + " has no owner record: it is not Kubetron's");
        }
        for (PodView pod : pods.listing(port.id())) {
            if (agrees(o, pod)) {
                if (pod.finished()) {
                    return deleted(port, Reason.POD_FINISHED, "Pod " + pod.display() + " has finished");
                }
                return new Decision(port, Reason.CLAIMED, "listed by Pod " + pod.display(), pod.uid());
            }
        }
        // the owner record holds no empty strings: unknown fields are null
        String uid = o.podUid() == null ? history.claimedByUid() : o.podUid();
        String name = o.podName();
        Optional<PodView> named = name == null ? Optional.empty() : pods.byName(o.namespace(), name);
        Duration unmatched = Duration.between(history.firstSeen(), now);
        boolean aged = unmatched.compareTo(grace) >= 0;
        if (uid != null) {
            Optional<PodView> same = pods.byUid(uid).filter(pod -> agrees(o, pod));
            if (same.isEmpty()) {
                if (named.isPresent()) {
                    return deleted(
                            port,
                            Reason.POD_REPLACED,
                            "Pod " + o.namespace() + "/" + name + " is now uid "
                                    + named.get().uid() + ", not " + uid);
                }
                return deleted(port, Reason.POD_GONE, "Pod " + o.display() + " (uid " + uid + ") no longer exists");
            }
            named = same;
        }
        if (named.isPresent()) {
            PodView pod = named.get();
            if (!pod.hasNetworksSpec()) {
                return new Decision(
                        port, Reason.POD_EXISTS, "Pod " + pod.display() + " exists (no networksSpec)", null);
            }
            if (!aged) {
                return inGrace(port, "Pod " + pod.display() + " does not list the port yet", unmatched, grace);
            }
            return deleted(
                    port,
                    Reason.SUPERSEDED,
                    "Pod " + pod.display() + " lists other ports; this one unused for " + human(unmatched));
        }
        if (!aged) {
            return inGrace(port, "no Pod " + o.display() + " yet", unmatched, grace);
        }
        return deleted(
                port,
                Reason.NO_POD,
                "no Pod " + o.display() + " for " + human(unmatched)
                        + (name == null ? " (generateName: only a Pod listing the port id can match)" : ""));
    }

    /** The owner record means this Pod, by the one rule of {@link PortOwner#matches}. */
    public static boolean agrees(PortOwner o, PodView pod) {
        return o.matches(pod.namespace(), pod.name(), pod.uid());
    }

    private static Decision deleted(BackendPort port, Reason reason, String detail) {
        return new Decision(port, reason, detail, null);
    }

    private static Decision inGrace(BackendPort port, String why, Duration unmatched, Duration grace) {
        return new Decision(
                port,
                Reason.IN_GRACE,
                why + " (known for " + human(unmatched) + " of a " + human(grace) + " grace period)",
                null);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + "s";
        }
        return s < 7200 ? s / 60 + "m" : s / 3600 + "h";
    }
}
