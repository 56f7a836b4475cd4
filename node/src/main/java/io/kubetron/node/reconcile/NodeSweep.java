package io.kubetron.node.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.node.metrics.NodeMetrics;
import io.kubetron.node.plumbing.HostIfNames;
import io.kubetron.node.plumbing.Plumber;
import io.kubetron.ovsdb.vswitch.Interface;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares what is on the node with the Pods bound to it, at start and periodically: every Pod with networks is
 * queued (its reconcile re-plumbs what is missing and costs one {@code ip} call when nothing is), every Pod uid that
 * owns an OVS interface but has no Pod here is queued (its reconcile removes the interfaces), and a veth host end that
 * belongs to no Pod's port (a crash between creating the veth and adding it to OVS) is removed here. Runs only once
 * the Pod informer has its full list: before, every Pod would look gone. Thread-safe.
 */
public final class NodeSweep {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSweep.class);
    private final NodePods pods;
    private final NodeInventory inventory;
    private final Plumber plumber;
    private final WorkQueue queue;
    private final NodeMetrics metrics;

    public NodeSweep(NodePods pods, NodeInventory inventory, Plumber plumber, WorkQueue queue, NodeMetrics metrics) {
        this.pods = pods;
        this.inventory = inventory;
        this.plumber = plumber;
        this.queue = queue;
        this.metrics = metrics;
    }

    /** One sweep; false when the Pod list is not complete yet (nothing was done). */
    public boolean run() {
        if (!pods.synced()) {
            return false;
        }
        // the host ends first, the Pods after: an end that exists now was made for a Pod already in the cache, so
        // an end missing from the Pods' ports below is an orphan and not the work of an attach in flight
        List<String> ends = inventory.hostEnds();
        List<Interface> owned = inventory.ownedInterfaces();
        Set<String> live = new HashSet<>();
        Set<String> wanted = new HashSet<>();
        for (Pod pod : pods.all()) {
            if (!PodReconciler.wantsNetworks(pod)) {
                continue;
            }
            live.add(pod.getMetadata().getUid());
            try {
                NetworksSpec.parse(pod.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC))
                        .ports()
                        .values()
                        .forEach(p -> wanted.add(HostIfNames.of(p.portId())));
            } catch (IllegalArgumentException e) {
                // its reconcile reports the malformed annotation on the Pod
            }
            queue.add(pod.getMetadata().getUid());
        }
        int gone = 0;
        for (Interface i : owned) {
            String uid = i.externalIds().get(OwnerKeys.POD_UID);
            if (uid != null && !live.contains(uid)) {
                queue.add(uid);
                gone++;
            }
        }
        int veths = 0;
        for (String end : ends) {
            if (!wanted.contains(end)) {
                plumber.detach(end);
                metrics.orphanRemoved("veth");
                veths++;
            }
        }
        if (gone > 0 || veths > 0) {
            LOG.info("sweep found leftovers interfaces_without_pod={} veths_without_port={}", gone, veths);
        }
        return true;
    }
}
