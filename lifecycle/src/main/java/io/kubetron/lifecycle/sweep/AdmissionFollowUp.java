package io.kubetron.lifecycle.sweep;

import io.kubetron.backend.BackendPort;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.lifecycle.decision.Decision;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.lifecycle.decision.Reason;
import io.kubetron.lifecycle.pods.LivePods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows up every admission this replica made ports for: {@link #after} later it asks the API server whether a Pod
 * that lists those ports was stored, and deletes them if none was. A mutating webhook never learns how the request
 * ended: kube-apiserver runs LimitRanger's validation, PodSecurity, the validating webhooks and policies and
 * ResourceQuota after the mutating webhooks (kubernetes/kubernetes {@code pkg/kubeapiserver/options/plugins.go}
 * {@code AllOrderedPlugins}), and a request refused there leaves the ports without a Pod. A controller retrying that
 * Pod (a ReplicaSet, a Job) would otherwise make new ports on every try; with this, each refused try's ports live
 * about {@link #after}. Each replica follows up its own admissions, leader or not; what a replica that died meanwhile
 * leaves is the sweep's ({@code no_pod} after the grace period).
 *
 * <p>{@link #after} must exceed how long the rest of a Pod's admission takes (other webhooks, the storage write):
 * a Pod stored later than that finds its ports deleted (its node agent then reports the missing port). The API
 * server bounds a request by {@code --request-timeout} (60 s); a chain that takes more than a few seconds is already
 * a problem of its own. Thread-safe.
 */
public final class AdmissionFollowUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdmissionFollowUp.class);
    /** Retries while the API server or the backend cannot be read, then the sweep takes over. */
    private static final int ATTEMPTS = 12;

    private static final Duration RETRY = Duration.ofSeconds(5);
    private final NetworkBackend backend;
    private final LivePods live;
    private final Duration after;
    private final SweepObserver observer;
    private final ScheduledExecutorService timer;

    /** Ports made by one admission, and whom they were made for. */
    public record Admitted(String namespace, String podName, String generateName, Set<String> portIds) {
        public Admitted {
            portIds = Set.copyOf(portIds);
        }

        String display() {
            return namespace + "/" + (podName != null ? podName : generateName + "*");
        }
    }

    public AdmissionFollowUp(NetworkBackend backend, LivePods live, Duration after, SweepObserver observer) {
        this.backend = backend;
        this.live = live;
        this.after = after;
        this.observer = observer;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("kubetron-admission-followup").factory());
    }

    /** Records an admission that made ports; checked {@link #after} from now. */
    public void admitted(Admitted a) {
        if (!a.portIds().isEmpty()) {
            schedule(a, after, 1);
        }
    }

    private void schedule(Admitted a, Duration in, int attempt) {
        try {
            timer.schedule(() -> check(a, attempt), in.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the sweep takes over
        }
    }

    private void check(Admitted a, int attempt) {
        try {
            List<Orphan> done = followUp(a);
            if (!done.isEmpty()) {
                LOG.info(
                        "ports of a Pod that was never stored deleted pod={} ports={} after_s={}",
                        a.display(),
                        done.size(),
                        after.toSeconds());
            }
        } catch (RuntimeException e) {
            if (attempt < ATTEMPTS) {
                schedule(a, RETRY, attempt + 1);
            } else {
                LOG.warn(
                        "admission follow-up given up, left to the sweep pod={} error=\"{}\"",
                        a.display(),
                        e.getMessage());
            }
        }
    }

    /** One check: nothing when a stored Pod lists the ports, else the ports deleted. */
    List<Orphan> followUp(Admitted a) {
        List<PodView> pods = a.podName() != null
                ? live.get(a.namespace(), a.podName()).stream().toList()
                : live.list(a.namespace());
        Optional<PodView> holder = pods.stream()
                .filter(p -> p.portIds().stream().anyMatch(a.portIds()::contains))
                .findFirst();
        if (holder.isPresent()) {
            return List.of(); // stored: its ports are the lifecycle's like any other Pod's
        }
        Map<String, BackendPort> owned = new HashMap<>();
        backend.listOwnedPorts(new OwnerFilter(a.namespace(), null)).forEach(p -> owned.put(p.id(), p));
        List<Orphan> out = new ArrayList<>();
        for (String id : a.portIds()) {
            BackendPort p = owned.get(id);
            if (p == null) {
                continue; // already gone (the webhook's rollback, a sweep)
            }
            Decision d = new Decision(
                    p,
                    Reason.NEVER_STORED,
                    "no Pod " + a.display() + " lists the port " + after.toSeconds()
                            + " s after its admission: the API server refused it after the webhook",
                    null);
            Orphan o;
            try {
                o = new Orphan(d, backend.deletePort(id) ? Orphan.Outcome.DELETED : Orphan.Outcome.ALREADY_GONE, null);
            } catch (RuntimeException e) {
                o = new Orphan(d, Orphan.Outcome.FAILED, e.getMessage());
            }
            observer.orphan(o);
            out.add(o);
        }
        return out;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
