package io.kubetron.lifecycle.network;

import static io.kubetron.model.network.NetworkConditions.ADOPTED;
import static io.kubetron.model.network.NetworkConditions.AS_DECLARED;
import static io.kubetron.model.network.NetworkConditions.BACKEND_NOT_FOUND;
import static io.kubetron.model.network.NetworkConditions.BACKEND_REFUSED;
import static io.kubetron.model.network.NetworkConditions.BACKEND_UNAVAILABLE;
import static io.kubetron.model.network.NetworkConditions.CHANGE_NOT_APPLIED;
import static io.kubetron.model.network.NetworkConditions.CREATED;
import static io.kubetron.model.network.NetworkConditions.DEGRADED;
import static io.kubetron.model.network.NetworkConditions.DELETING;
import static io.kubetron.model.network.NetworkConditions.INVALID_SPEC;
import static io.kubetron.model.network.NetworkConditions.NAME_TAKEN;
import static io.kubetron.model.network.NetworkConditions.PORTS_IN_USE;
import static io.kubetron.model.network.NetworkConditions.READY;

import io.fabric8.kubernetes.api.model.Condition;
import io.kubetron.backend.BackendException;
import io.kubetron.lifecycle.network.Decision.Step;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.network.DeclaredNetwork;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what one Network object needs, from the object and what the backend said ({@link Observation}). Pure: no
 * I/O, no clock of its own, so every case is a unit test.
 *
 * <ul>
 *   <li>Adopted: never created, never deleted; Ready while the backend network exists. It carries no finalizer (one
 *       found is removed).
 *   <li>Declared: the cleanup finalizer first, then the backend network is created, recorded as this object's (by
 *       uid). A same-named backend network not recorded as this object's is not taken over ({@code NameTaken}).
 *       Spec changes are never applied to an existing backend network ({@code ChangeNotApplied}).
 *   <li>Deleted (with the finalizer): the backend network goes only if it is this object's and no port is left on it
 *       ({@code PortsInUse} until then); then the finalizer goes. Finalizer semantics as upstream: the API server
 *       keeps an object with finalizers, {@code deletionTimestamp} set, until they are all removed, and refuses new
 *       finalizers on it (kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 *       ValidateObjectMetaUpdate), so none is added then.
 * </ul>
 *
 * Events only on a change of what the conditions say (or after a step), so a resync repeats none.
 */
final class NetworkDecider {
    private NetworkDecider() {}

    static Decision decide(Network obj, Observation obs, String backendKind, Instant now) {
        boolean deleting = obj.getMetadata().getDeletionTimestamp() != null;
        boolean finalizer = obj.getMetadata().getFinalizers() != null
                && obj.getMetadata().getFinalizers().contains(Network.FINALIZER);
        if (deleting) {
            return finalizer ? deleting(obj, obs, backendKind, now) : Decision.step(Step.NONE);
        }
        String invalid = oneOf(obj);
        if (invalid != null) {
            return status(obj, now)
                    .ready("False", INVALID_SPEC, invalid)
                    .degraded("True", INVALID_SPEC, invalid)
                    .done(false, false);
        }
        if (obj.adopted()) {
            return finalizer ? Decision.step(Step.REMOVE_FINALIZER) : adopted(obj, obs, backendKind, now);
        }
        return declared(obj, obs, finalizer, backendKind, now);
    }

    /** Exactly one of adopt and declare (and of adopt's name and id): the CRD's CEL rules, checked again. */
    private static String oneOf(Network obj) {
        if (obj.getSpec() == null
                || (obj.getSpec().getAdopt() == null) == (obj.getSpec().getDeclare() == null)) {
            return "give exactly one of spec.adopt (an existing backend network) and spec.declare (one Kubetron "
                    + "creates)";
        }
        AdoptedNetwork a = obj.getSpec().getAdopt();
        if (a != null && (blank(a.getName()) == blank(a.getId()))) {
            return "give exactly one of spec.adopt.name and spec.adopt.id";
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Decision adopted(Network obj, Observation obs, String kind, Instant now) {
        AdoptedNetwork a = obj.getSpec().getAdopt();
        String ref = blank(a.getId()) ? "named " + a.getName() : "with id " + a.getId();
        if (obs.failure() != null) {
            return unavailable(obj, obs.failure(), now);
        }
        if (obs.network().isEmpty()) {
            String m = "there is no " + kind + " network " + ref + "; create it in the backend, or correct spec.adopt";
            return status(obj, now)
                    .adopted(true)
                    .ready("False", BACKEND_NOT_FOUND, m)
                    .degraded("True", BACKEND_NOT_FOUND, m)
                    .warnOnChange(BACKEND_NOT_FOUND, m)
                    .done(true, false);
        }
        io.kubetron.backend.Network n = obs.network().get();
        String m = "adopted " + kind + " network " + n.name() + " (" + n.id() + "); Kubetron never deletes it";
        return status(obj, now)
                .backend(n, obs)
                .adopted(true)
                .ready("True", ADOPTED, m)
                .degraded("False", AS_DECLARED, "the backend network exists")
                .normalOnChange(ADOPTED, m)
                .done(false, false);
    }

    private static Decision declared(Network obj, Observation obs, boolean finalizer, String kind, Instant now) {
        DeclaredNetwork d = obj.getSpec().getDeclare();
        String name = obj.getMetadata().getName();
        String uid = obj.getMetadata().getUid();
        Optional<io.kubetron.backend.Network> found = obs.network();
        boolean ours =
                found.isPresent() && uid != null && uid.equals(found.get().ownerUid());
        List<String> problems = DeclaredSpecs.problems(d);
        if (!problems.isEmpty()) {
            String m = String.join("; ", problems);
            Builder b = status(obj, now).adopted(false);
            if (ours) {
                b.backend(found.get(), obs).ready("True", CREATED, ready(kind, found.get()));
            } else {
                b.ready("False", INVALID_SPEC, m);
            }
            return b.degraded("True", INVALID_SPEC, m)
                    .warnOnChange(INVALID_SPEC, m)
                    .done(false, false);
        }
        if (!finalizer) {
            // before anything exists in the backend, so nothing Kubetron creates can outlive the object unnoticed
            return Decision.step(Step.ADD_FINALIZER);
        }
        if (obs.failure() != null) {
            return unavailable(obj, obs.failure(), now);
        }
        if (found.isEmpty()) {
            return Decision.create(DeclaredSpecs.toBackend(name, d, uid));
        }
        io.kubetron.backend.Network n = found.get();
        if (!ours) {
            String m = "a " + kind + " network named " + name + " (" + n.id() + ") exists that Kubetron did not "
                    + "create for this Network, so it is not taken over: to use it, adopt it (spec.adopt.name: "
                    + name + " or spec.adopt.id: " + n.id() + ") instead of declaring it, or name this Network "
                    + "differently";
            return status(obj, now)
                    .adopted(false)
                    .ready("False", NAME_TAKEN, m)
                    .degraded("True", NAME_TAKEN, m)
                    .warnOnChange(NAME_TAKEN, m)
                    .done(false, false);
        }
        List<String> diffs = DeclaredSpecs.differences(d, n);
        Builder b = status(obj, now).backend(n, obs).adopted(false).ready("True", CREATED, ready(kind, n));
        if (diffs.isEmpty()) {
            return b.degraded("False", AS_DECLARED, "the backend network is as declared")
                    .done(false, false);
        }
        String m = "the spec changed in a way the backend network cannot follow in place: " + String.join("; ", diffs)
                + ". Kubetron never recreates a network under its Pods: to use the new settings, declare a new "
                + "Network (and move the Pods), or change the spec back";
        return b.degraded("True", CHANGE_NOT_APPLIED, m)
                .warnOnChange(CHANGE_NOT_APPLIED, m)
                .done(false, false);
    }

    private static String ready(String kind, io.kubetron.backend.Network n) {
        return kind + " network " + n.name() + " (" + n.id() + ") is ready";
    }

    private static Decision deleting(Network obj, Observation obs, String kind, Instant now) {
        if (obj.adopted()) {
            return Decision.step(Step.REMOVE_FINALIZER);
        }
        if (obs.failure() != null) {
            return unavailable(obj, obs.failure(), now);
        }
        String uid = obj.getMetadata().getUid();
        Optional<io.kubetron.backend.Network> found = obs.network();
        if (found.isEmpty() || uid == null || !uid.equals(found.get().ownerUid())) {
            // nothing of this object's is left in the backend (or was never created): let it go
            return Decision.step(Step.REMOVE_FINALIZER);
        }
        io.kubetron.backend.Network n = found.get();
        int ports = obs.usage() == null ? 0 : obs.usage().ports();
        if (ports > 0) {
            String m = ports + " port(s) are left on " + kind + " network " + n.name() + "; it is deleted (and this "
                    + "Network with it) when the last goes: delete the Pods using it";
            return status(obj, now)
                    .backend(n, obs)
                    .ready("False", PORTS_IN_USE, m)
                    .degraded("False", DELETING, "waiting for the ports to go")
                    .warnOnChange(PORTS_IN_USE, m)
                    .done(true, false);
        }
        return Decision.delete(
                n.id(),
                NetworkEvent.normal("Deleted", "deleted " + kind + " network " + n.name() + " (" + n.id() + ")"));
    }

    private static Decision unavailable(Network obj, BackendException e, Instant now) {
        boolean down = e.reason() == BackendException.Reason.UNAVAILABLE;
        String reason = down ? BACKEND_UNAVAILABLE : BACKEND_REFUSED;
        String m = (down ? "cannot reach the backend, retrying: " : "the backend refused: ") + e.getMessage();
        return status(obj, now)
                .ready(down ? "Unknown" : "False", reason, m)
                .degraded("True", reason, m)
                .warnOnChange(reason, m)
                .done(true, true);
    }

    private static Builder status(Network obj, Instant now) {
        return new Builder(obj, now);
    }

    /** The next status, built from the current one so that unchanged conditions keep their transition times. */
    private static final class Builder {
        private final Network obj;
        private final Instant now;
        private final NetworkStatus old;
        private final NetworkStatus next = new NetworkStatus();
        private final List<NetworkEvent> events = new ArrayList<>();
        private List<Condition> conditions;

        Builder(Network obj, Instant now) {
            this.obj = obj;
            this.now = now;
            this.old = obj.getStatus() == null ? new NetworkStatus() : obj.getStatus();
            this.conditions = old.conditionList();
            next.setObservedGeneration(obj.getMetadata().getGeneration());
        }

        Builder backend(io.kubetron.backend.Network n, Observation obs) {
            next.setBackendId(n.id());
            next.setBackendName(n.name());
            if (obs.usage() != null) {
                next.setPortsInUse(obs.usage().ports());
                next.setFreeAddresses(obs.usage().freeAddresses());
            }
            return this;
        }

        Builder adopted(boolean adopted) {
            next.setAdopted(adopted);
            return this;
        }

        Builder ready(String status, String reason, String message) {
            return condition(READY, status, reason, message);
        }

        Builder degraded(String status, String reason, String message) {
            return condition(DEGRADED, status, reason, message);
        }

        private Builder condition(String type, String status, String reason, String message) {
            conditions = Conditions.set(
                    conditions, type, status, reason, message, obj.getMetadata().getGeneration(), now);
            return this;
        }

        /** A Warning Event, unless the conditions said the same before. */
        Builder warnOnChange(String reason, String message) {
            if (changed()) {
                events.add(NetworkEvent.warning(reason, message));
            }
            return this;
        }

        Builder normalOnChange(String reason, String message) {
            if (changed()) {
                events.add(NetworkEvent.normal(reason, message));
            }
            return this;
        }

        private boolean changed() {
            for (String type : List.of(READY, DEGRADED)) {
                Condition before = old.condition(type).orElse(null);
                Condition after = conditions.stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
                if (before == null
                        || after == null
                        || !Objects.equals(before.getStatus(), after.getStatus())
                        || !Objects.equals(before.getReason(), after.getReason())
                        || !Objects.equals(before.getMessage(), after.getMessage())) {
                    return true;
                }
            }
            return false;
        }

        Decision done(boolean retry, boolean failure) {
            next.setConditions(conditions);
            return new Decision(Step.NONE, null, null, next, events, retry, failure);
        }
    }
}
