package io.kubetron.lifecycle.decision;

import java.util.Locale;

/** Why a port is kept or deleted; the lower-case name is the {@code reason} label of the metrics. */
public enum Reason {
    /** A Pod of the owner's namespace lists the port in its networksSpec and matches the owner record. */
    CLAIMED(Action.KEEP),
    /** The Pod the owner record names exists; it has no networksSpec to compare with, so the port is presumed its. */
    POD_EXISTS(Action.KEEP),
    /** No Pod holds the port yet, but it was first seen less than the grace period ago: an admission may be in flight. */
    IN_GRACE(Action.KEEP),
    /** The Pod the port belonged to (its uid is known) no longer exists. */
    POD_GONE(Action.DELETE),
    /** A Pod with the owner's name exists, but it is another Pod (another uid): the port's Pod is gone. */
    POD_REPLACED(Action.DELETE),
    /**
     * The named Pod exists but its networksSpec lists other ports, for longer than the grace period: the port came from
     * an earlier admission of the same name (a create refused after admission, or an earlier Pod of that name).
     */
    SUPERSEDED(Action.DELETE),
    /**
     * No Pod matched the port for longer than the grace period: the admission's Pod was never created, or the Pod was
     * deleted while nobody was watching and its uid was never recorded.
     */
    NO_POD(Action.DELETE),
    /**
     * The Pod that lists the port has finished (phase Succeeded or Failed, which a Pod never leaves): its containers
     * are gone for good, though the object may stay until its Job or PodGC deletes it.
     */
    POD_FINISHED(Action.DELETE),
    /**
     * The admission that made the port ended without storing a Pod that lists it: the API server refused the Pod
     * after the webhook (a quota, a LimitRange, a validating webhook or policy), or the webhook was called again for
     * the same request and a later call's ports were kept.
     */
    NEVER_STORED(Action.DELETE);

    private final Action action;

    Reason(Action action) {
        this.action = action;
    }

    public Action action() {
        return action;
    }

    /** The metric label and the text the CLI prints. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
