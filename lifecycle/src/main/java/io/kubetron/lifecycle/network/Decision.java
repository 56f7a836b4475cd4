package io.kubetron.lifecycle.network;

import io.kubetron.backend.NetworkSpec;
import io.kubetron.model.network.NetworkStatus;
import java.util.List;

/**
 * What to do about one Network object now: at most one change ({@link Step}), then the status to write and the
 * Events to record (after the step succeeded). The reconciler applies it, observes again and decides again until nothing is left to change.
 *
 * @param create the backend network to create, for {@link Step#CREATE}
 * @param target the id of the backend network to delete, for {@link Step#DELETE_BACKEND}
 * @param status the status to write (the reconciler skips an unchanged one), null to write none
 * @param retry whether to look again soon (with backoff) though nothing changed: a backend failure, ports left; else
 *     only at the periodic resync or the object's next change
 * @param failure whether this is an error to count (the backend failed or refused)
 */
record Decision(
        Step step,
        NetworkSpec create,
        String target,
        NetworkStatus status,
        List<NetworkEvent> events,
        boolean retry,
        boolean failure) {

    enum Step {
        /** Nothing to change: write the status and Events. */
        NONE,
        /** Add the cleanup finalizer, before anything is created. */
        ADD_FINALIZER,
        /** Create the backend network {@link Decision#create()}. */
        CREATE,
        /** Delete the backend network (no port is left on it), then the finalizer goes. */
        DELETE_BACKEND,
        /** Remove the finalizer: nothing of Kubetron's is left to clean up, or the Network is adopted. */
        REMOVE_FINALIZER
    }

    Decision {
        events = List.copyOf(events);
    }

    static Decision step(Step step) {
        return new Decision(step, null, null, null, List.of(), false, false);
    }

    static Decision delete(String backendId, NetworkEvent after) {
        return new Decision(Step.DELETE_BACKEND, null, backendId, null, List.of(after), false, false);
    }

    static Decision create(NetworkSpec spec) {
        return new Decision(Step.CREATE, spec, null, null, List.of(), false, false);
    }
}
