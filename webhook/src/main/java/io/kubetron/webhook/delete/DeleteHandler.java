package io.kubetron.webhook.delete;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.Port;
import io.kubetron.backend.PortOwner;
import io.kubetron.common.log.PodContext;
import io.kubetron.common.log.PodLogger;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.webhook.AdmissionEvents;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.review.PodFacts;
import io.kubetron.webhook.review.ReviewRequest;
import io.kubetron.webhook.review.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Admits a Pod DELETE: deletes the ports listed in the Pod's {@link Annotations#NETWORKS_SPEC}. It always allows the
 * deletion: a Pod must stay deletable during a backend outage (the original denied it), so a port that cannot be deleted
 * now is logged, counted and left to the lifecycle controller. Idempotent: ports already gone are fine. Only ports
 * whose owner record names this Pod are deleted, so a hand-written networksSpec cannot delete another Pod's port.
 * Thread-safe.
 */
public final class DeleteHandler {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(DeleteHandler.class));
    private final NetworkBackend backend;
    private final AdmissionSettings settings;
    private final AdmissionEvents events;

    public DeleteHandler(NetworkBackend backend, AdmissionSettings settings, AdmissionEvents events) {
        this.backend = backend;
        this.settings = settings;
        this.events = events;
    }

    public Verdict handle(ReviewRequest req) {
        Pod old = req.oldObject();
        String value = PodFacts.annotations(old).get(Annotations.NETWORKS_SPEC);
        if (value == null || settings.ignoredNamespaces().contains(req.namespace())) {
            return Verdict.allow();
        }
        String name = PodFacts.name(req, old);
        NetworksSpec spec;
        try {
            spec = NetworksSpec.parse(value);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    PodContext.of(req.namespace(), name),
                    "delete skipped request={} error=\"{}\"",
                    req.uid(),
                    e.getMessage());
            return Verdict.allowWithErrors("ports not deleted: " + e.getMessage());
        }
        if (spec.ports().isEmpty()) {
            return Verdict.allow();
        }
        if (req.dryRun()) {
            return Verdict.dryRun(
                    null,
                    List.of("dry run: no port was deleted; the Pod's ports would be: "
                            + String.join(
                                    ", ",
                                    spec.ports().values().stream()
                                            .map(NetworksSpec.Port::portName)
                                            .toList())));
        }
        Map<String, Port> owned = new HashMap<>();
        try {
            for (Port p : backend.listOwnedPorts(new OwnerFilter(req.namespace(), null))) {
                owned.put(p.id(), p);
            }
        } catch (RuntimeException e) {
            return leftBehind(req, name, spec.ports().size(), e.getMessage());
        }
        List<String> failed = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (Map.Entry<String, NetworksSpec.Port> entry : spec.ports().entrySet()) {
            NetworksSpec.Port want = entry.getValue();
            Port p = owned.get(want.portId());
            if (p == null) {
                continue; // already gone: a repeated DELETE, or removed by hand
            }
            if (!ownedBy(p.owner(), req.namespace(), name, PodFacts.uid(old))) {
                LOG.warn(
                        PodContext.of(req.namespace(), name),
                        "delete refused request={} port={} owner={}: the port is not this Pod's",
                        req.uid(),
                        p.id(),
                        p.owner() == null ? "" : p.owner().display());
                continue;
            }
            try {
                backend.deletePort(p.id());
                deleted.add(want.portName());
            } catch (RuntimeException e) {
                LOG.warn(
                        PodContext.of(req.namespace(), name),
                        "delete failed request={} port={} id={} error=\"{}\"",
                        req.uid(),
                        want.portName(),
                        p.id(),
                        e.getMessage());
                failed.add(want.portName() + ": " + e.getMessage());
            }
        }
        LOG.info(
                PodContext.of(req.namespace(), name),
                "ports deleted request={} ports={} failed={}",
                req.uid(),
                deleted,
                failed.size());
        if (!failed.isEmpty()) {
            events.portsLeftBehind("DELETE", failed.size());
            return Verdict.allowWithErrors("ports left to Kubetron's garbage collection: " + String.join("; ", failed));
        }
        return Verdict.allow();
    }

    private Verdict leftBehind(ReviewRequest req, String name, int ports, String error) {
        LOG.warn(
                PodContext.of(req.namespace(), name),
                "delete deferred request={} ports={} error=\"{}\"",
                req.uid(),
                ports,
                error);
        events.portsLeftBehind("DELETE", ports);
        return Verdict.allowWithErrors("the backend is unavailable (" + error + "); the Pod's " + ports
                + " port(s) are left to Kubetron's garbage collection");
    }

    /** The owner recorded at creation names this Pod: by uid once known, else by name, else by generateName. */
    static boolean ownedBy(PortOwner owner, String namespace, String name, String uid) {
        if (owner == null || !namespace.equals(owner.namespace())) {
            return false;
        }
        if (owner.podUid() != null && uid != null) {
            return owner.podUid().equals(uid);
        }
        if (owner.podName() != null && !owner.podName().isEmpty()) {
            return owner.podName().equals(name);
        }
        return owner.generateName() != null && name.startsWith(owner.generateName());
    }
}
