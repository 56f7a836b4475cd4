package io.kubetron.node.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.common.log.PodContext;
import io.kubetron.common.log.PodLogger;
import io.kubetron.common.signing.Verification;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworkStatus;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.node.metrics.NodeMetrics;
import io.kubetron.node.netns.PodNetns;
import io.kubetron.node.netns.PodNetnsFinder;
import io.kubetron.node.plumbing.Attachment;
import io.kubetron.node.plumbing.NetworkParams;
import io.kubetron.node.plumbing.Plumber;
import io.kubetron.node.plumbing.PlumbingPlanner;
import io.kubetron.node.plumbing.PodRef;
import io.kubetron.node.status.PodStatusWriter;
import io.kubetron.ovsdb.vswitch.Interface;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Brings one Pod's interfaces on this node in line with its networksSpec, once its signature checks out
 * ({@link SpecCheck}; a Pod whose does not gets nothing, and loses what it had): what is complete (OVS interface installed,
 * Pod interface up with the port's MAC and address) is left alone, what is partial is removed and plumbed again,
 * what belongs to no network of the Pod (or to a Pod that is gone or finished) is removed. Then the API is told. So a
 * run after a crash at any step converges, and nothing is plumbed twice. Thread-safe: the work queue never runs two
 * reconciles of one Pod at once, and different Pods touch different names.
 */
public final class PodReconciler {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(PodReconciler.class));
    private final NodePods pods;
    private final NodeInventory inventory;
    private final PodNetnsFinder finder;
    private final PlumbingPlanner planner;
    private final Plumber plumber;
    private final PodStatusWriter status;
    private final NodeMetrics metrics;
    private final NetworkParams params;
    private final SpecCheck check;

    public PodReconciler(
            SpecCheck check,
            NodePods pods,
            NodeInventory inventory,
            PodNetnsFinder finder,
            PlumbingPlanner planner,
            Plumber plumber,
            PodStatusWriter status,
            NodeMetrics metrics,
            NetworkParams params) {
        this.check = check;
        this.pods = pods;
        this.inventory = inventory;
        this.finder = finder;
        this.planner = planner;
        this.plumber = plumber;
        this.status = status;
        this.metrics = metrics;
        this.params = params;
    }

    /**
     * The interface's MTU and prefix: the network's, as the webhook recorded them, else the agent's default MTU (and
     * no prefix, which only static mode needs).
     */
    private NetworkParams paramsOf(NetworksSpec.Port port) {
        int mtu = port.mtu() != null && port.mtu() >= 576 ? port.mtu() : params.mtu();
        Integer prefix = port.fixedIps().isEmpty()
                ? null
                : port.prefixLengthOf(port.fixedIps().getFirst()).orElse(null);
        return new NetworkParams(mtu, prefix);
    }

    /** Whether Kubetron plumbs this Pod now: it has a networksSpec and has not finished. */
    public static boolean wantsNetworks(Pod pod) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        if (a == null || !a.containsKey(Annotations.NETWORKS_SPEC)) {
            return false;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    public Outcome reconcile(String uid) {
        Optional<Pod> found = pods.get(uid);
        if (found.isEmpty() || !wantsNetworks(found.get())) {
            return teardown(uid, found.isEmpty() ? "deleted" : "finished or without networks");
        }
        Pod pod = found.get();
        if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            status.failed(
                    pod,
                    "a Pod on the host network cannot get Kubetron interfaces (they would land in the "
                            + "node's own namespace); remove hostNetwork or the networks annotation");
            return Outcome.DONE;
        }
        PodRef ref =
                new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
        // before anything is planned or plugged: a port named by a networksSpec that Kubetron did not write for this
        // Pod may be another tenant's, and plugging it here would bind it to this node
        SpecCheck.Checked checked = check.check(pod);
        if (!checked.verification().valid()) {
            return ref.log().within(() -> rejected(pod, ref, checked));
        }
        List<Attachment> plan;
        try {
            NetworksSpec spec =
                    NetworksSpec.parse(pod.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC));
            Map<String, NetworkParams> each = new java.util.HashMap<>();
            spec.ports().forEach((n, port) -> each.put(n, paramsOf(port)));
            plan = planner.plan(ref, spec, each);
        } catch (IllegalArgumentException e) {
            // an update of the annotation queues the Pod again; retrying the same text cannot help
            status.failed(pod, e.getMessage());
            return Outcome.DONE;
        }
        Optional<PodNetns> ns;
        try {
            ns = finder.find(uid);
        } catch (PodNetnsFinder.HostNetworkException e) {
            // spec.hostNetwork was refused above, so this is a sandbox process that has not entered the Pod's
            // namespace yet (a runtime's first init stage): look again shortly
            LOG.debug(ref.log(), "sandbox process not in its namespace yet uid={}", uid);
            return Outcome.later();
        } catch (PodNetnsFinder.NamespaceAccessException e) {
            // said on the Pod and retried with backoff: a fixed DaemonSet (or policy) picks it up
            status.failed(pod, e.getMessage());
            return Outcome.failed(e.getMessage());
        }
        if (ns.isEmpty()) {
            LOG.debug(ref.log(), "no process of the Pod yet uid={}", uid);
            return Outcome.later(); // the kubelet has not made the sandbox yet
        }
        return ref.log().within(() -> plumb(pod, ref, plan, ns.get()));
    }

    /**
     * Nothing is plugged for the Pod, and what it had is removed (its annotations changed after it was plugged, or a
     * restarted agent no longer holds its key): by its own uid only, so another Pod's interface for the same port
     * stays. The condition says why, an Event what to do.
     */
    private Outcome rejected(Pod pod, PodRef ref, SpecCheck.Checked checked) {
        Verification v = checked.verification();
        String message = RejectionMessage.of(v, check.keys().ids());
        List<Interface> owned = inventory.ownedInterfaces(ref.uid());
        for (Interface i : owned) {
            plumber.detach(i.name());
        }
        if (!owned.isEmpty()) {
            metrics.detached(owned.size());
        }
        if (checked.first() || !owned.isEmpty()) {
            metrics.rejected(v.result().label());
            LOG.warn(
                    ref.log(),
                    "networksSpec rejected uid={} reason={} keyId={} removed={}",
                    ref.uid(),
                    v.result().reason(),
                    v.keyId() == null ? "" : v.keyId(),
                    owned.size());
        }
        status.rejected(pod, v.result().reason(), message);
        // a key this node lacks may come with the next update of the Secret: look again (with backoff); the other
        // reasons hold until the Pod's annotations change, which queues it again
        return v.result() == Verification.Result.UNKNOWN_KEY ? Outcome.failed(message) : Outcome.refused(message);
    }

    private Outcome plumb(Pod pod, PodRef ref, List<Attachment> plan, PodNetns ns) {
        long t0 = System.nanoTime();
        Set<String> planned = new HashSet<>();
        plan.forEach(a -> planned.add(a.hostIfName()));
        for (Interface stale : inventory.ownedInterfaces(ref)) {
            if (!planned.contains(stale.name())) {
                plumber.detach(stale.name());
                LOG.info(ref.log(), "removed interface of no network of the Pod iface={}", stale.name());
            }
        }
        LinkState inPod;
        try {
            inPod = inventory.podLinks(ns.path());
        } catch (RuntimeException e) {
            if (!java.nio.file.Files.exists(ns.path())) {
                return Outcome.later(); // the sandbox went away meanwhile (the Pod is being deleted or recreated)
            }
            throw e;
        }
        Map<String, Interface> ovs = new java.util.HashMap<>();
        inventory.ownedInterfaces(ref).forEach(i -> ovs.put(i.name(), i));
        List<NetworkStatus.Entry> entries = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int plumbed = 0;
        for (Attachment a : plan) {
            Optional<String> done =
                    complete(a, ovs.get(a.hostIfName()), inPod.links().get(a.podIfName()));
            if (done.isPresent()) {
                try {
                    plumber.ensureDefaultRoute(ns, a);
                } catch (RuntimeException e) {
                    errors.add(a.statusName() + ": " + e.getMessage());
                    continue;
                }
                entries.add(new NetworkStatus.Entry(
                        a.statusName(), a.podIfName(), List.of(done.get()), a.mac(), false, a.defaultRoute()));
                continue;
            }
            try {
                if (ovs.containsKey(a.hostIfName()) || inPod.links().containsKey(a.podIfName())) {
                    // a partial attempt (a crash, a recreated sandbox): start over. Deleting the host end deletes
                    // its Pod end too; an interface of that name that is not our veth's end is left alone, and the
                    // attach then fails saying it exists
                    plumber.detach(a.hostIfName());
                }
                long s = System.nanoTime();
                Plumber.Result r = plumber.attach(ref, ns, a);
                metrics.attached(true, (System.nanoTime() - s) / 1e9);
                plumbed++;
                entries.add(new NetworkStatus.Entry(
                        a.statusName(), r.ifName(), List.of(r.ip()), r.mac(), false, a.defaultRoute()));
            } catch (RuntimeException e) {
                metrics.attached(false, 0);
                errors.add(a.statusName() + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            String message = "interface setup failed for " + String.join("; ", errors);
            LOG.warn(ref.log(), "plumbing failed uid={} error=\"{}\"", ref.uid(), message);
            status.failed(pod, message);
            return Outcome.failed(message);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (plumbed > 0) {
            LOG.info(ref.log(), "networks ready uid={} plumbed={} of={} ms={}", ref.uid(), plumbed, plan.size(), ms);
        }
        status.ready(pod, entries, describe(entries), plumbed > 0);
        return Outcome.DONE;
    }

    /** The address when the attachment is fully in place, else empty. */
    static Optional<String> complete(Attachment a, Interface ovs, LinkState.Link link) {
        if (ovs == null
                || link == null
                || !ovs.isOvnInstalled()
                || !link.up()
                || !link.mac().equals(a.mac())
                || !a.portId().equals(ovs.externalIds().get(Interface.IFACE_ID))
                || ovs.error().isPresent()) {
            return Optional.empty();
        }
        return link.ipv4().stream()
                .filter(ip -> a.fixedIps().isEmpty() || a.fixedIps().contains(ip))
                .findFirst();
    }

    private Outcome teardown(String uid, String why) {
        List<Interface> owned = inventory.ownedInterfaces(uid);
        for (Interface i : owned) {
            plumber.detach(i.name());
        }
        if (!owned.isEmpty()) {
            metrics.detached(owned.size());
            LOG.info(
                    PodContext.of(
                            owned.getFirst().externalIds().get(OwnerKeys.NAMESPACE),
                            owned.getFirst().externalIds().get(OwnerKeys.POD_NAME)),
                    "removed interfaces of Pod uid={} reason={} count={}",
                    uid,
                    why,
                    owned.size());
        }
        status.forget(uid);
        check.forget(uid);
        return Outcome.DONE;
    }

    private static String describe(List<NetworkStatus.Entry> entries) {
        List<String> parts = new ArrayList<>();
        for (NetworkStatus.Entry e : entries) {
            parts.add(e.name() + " on " + e.interfaceName() + " " + String.join(",", e.ips()) + " " + e.mac());
        }
        return "networks ready: " + String.join("; ", parts);
    }
}
