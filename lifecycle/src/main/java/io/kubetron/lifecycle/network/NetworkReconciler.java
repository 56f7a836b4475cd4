package io.kubetron.lifecycle.network;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubetron.backend.BackendException;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkUsage;
import io.kubetron.model.network.Network;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the backend match one Network object: observes the backend, lets {@link NetworkDecider} decide, applies the
 * one step it asks for, and repeats (reading the object again after each change) until nothing is left to change;
 * then writes the status and records the Events. Idempotent and level-based: it may run any number of times for
 * the same object, at any time (a resync, a restart), with the same outcome. Not thread-safe: one caller (the
 * controller's worker) at a time.
 */
final class NetworkReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkReconciler.class);
    /** Steps per run at most (finalizer, create, status: three suffice); a loop past it is a bug, not a wait. */
    private static final int MAX_STEPS = 6;

    private final NetworkApi api;
    private final NetworkBackend backend;
    private final Clock clock;
    private final NetworkMetrics metrics;

    /** The result of one run. */
    enum Result {
        /** Done until the object changes or the periodic resync. */
        DONE,
        /** Look again soon, with backoff: a backend failure, ports left on a deleted Network, a conflict. */
        RETRY
    }

    NetworkReconciler(NetworkApi api, NetworkBackend backend, Clock clock, NetworkMetrics metrics) {
        this.api = api;
        this.backend = backend;
        this.clock = clock;
        this.metrics = metrics;
    }

    Result reconcile(String name) {
        try {
            for (int step = 0; step < MAX_STEPS; step++) {
                Optional<Network> current = api.get(name);
                if (current.isEmpty()) {
                    return Result.DONE; // deleted (and its finalizer, if any, already gone)
                }
                Network n = current.get();
                Decision d = NetworkDecider.decide(n, observe(n), backend.kind(), clock.instant());
                switch (d.step()) {
                    case NONE -> {
                        finish(n, d);
                        return d.retry() ? Result.RETRY : Result.DONE;
                    }
                    case ADD_FINALIZER -> api.addFinalizer(n);
                    case REMOVE_FINALIZER -> api.removeFinalizer(n);
                    case CREATE -> {
                        io.kubetron.backend.Network created = backend.createNetwork(d.create());
                        LOG.info("network created name={} backend={} id={}", name, backend.kind(), created.id());
                        event(
                                n,
                                NetworkEvent.normal(
                                        "Created",
                                        "created " + backend.kind() + " network " + created.name() + " (" + created.id()
                                                + ")"));
                    }
                    case DELETE_BACKEND -> {
                        backend.deleteNetwork(d.target());
                        LOG.info("network deleted name={} backend={}", name, backend.kind());
                        d.events().forEach(e -> event(n, e));
                        api.removeFinalizer(n);
                    }
                }
            }
            LOG.warn("network reconcile did not settle name={} steps={}", name, MAX_STEPS);
            metrics.error("unsettled");
            return Result.RETRY;
        } catch (BackendException e) {
            // a step failed (create refused, deletion found a port that appeared meanwhile): the next run observes
            // again and says so in the status
            LOG.warn("network step failed name={} reason={} error=\"{}\"", name, e.reason(), e.getMessage());
            metrics.error("backend_" + e.reason().name().toLowerCase(java.util.Locale.ROOT));
            return Result.RETRY;
        } catch (KubernetesClientException e) {
            if (NetworkApi.conflict(e)) {
                // the object changed under us: read it again at once
                LOG.debug("network changed meanwhile name={} code={}", name, e.getCode());
                return Result.RETRY;
            }
            LOG.warn("network API call failed name={} code={} error=\"{}\"", name, e.getCode(), e.getMessage());
            metrics.error("api");
            return Result.RETRY;
        }
    }

    private Observation observe(Network n) {
        String ref = n.backendRef();
        if (ref == null || ref.isBlank()) {
            return Observation.missing();
        }
        try {
            Optional<io.kubetron.backend.Network> found = backend.findNetwork(ref);
            if (found.isEmpty()) {
                return Observation.missing();
            }
            NetworkUsage usage;
            try {
                usage = backend.usage(found.get());
            } catch (BackendException e) {
                if (e.reason() == BackendException.Reason.NOT_FOUND) {
                    return Observation.missing();
                }
                throw e;
            }
            return Observation.found(found.get(), usage);
        } catch (BackendException e) {
            return Observation.failed(e);
        }
    }

    private void finish(Network n, Decision d) {
        if (d.failure()) {
            metrics.error("backend_unavailable");
        }
        if (d.status() != null && !Objects.equals(d.status(), n.getStatus())) {
            api.writeStatus(n, d.status());
        }
        d.events().forEach(e -> event(n, e));
    }

    private void event(Network n, NetworkEvent e) {
        try {
            api.event(n, e);
        } catch (KubernetesClientException ex) {
            // Events are best effort (as client-go's recorder treats them): the status says the same
            LOG.warn(
                    "cannot record event name={} reason={} code={} error=\"{}\"",
                    n.getMetadata().getName(),
                    e.reason(),
                    ex.getCode(),
                    ex.getMessage());
        }
    }
}
