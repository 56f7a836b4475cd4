package io.kubetron.node.plumbing;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.NetworkNamespace;
import io.kubetron.common.log.PodLogger;
import io.kubetron.node.netns.PodNetns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Carries out an {@link Attachment}: veth pair, Pod end configured, host end on the integration bridge, wait for
 * ovn-controller, then the address. Each step is one process or one transaction; a failed attach removes what it
 * made. Thread-safe: attachments of different Pods may run concurrently (they touch different names).
 */
public final class Plumber {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(Plumber.class));
    private final Exec exec;
    private final OvsPorts ports;
    private final DhcpClient dhcp;
    private final Path ovsNetns;
    private final Duration installTimeout;

    /**
     * @param ovsNetns the namespace holding the OVS datapath and the host ends (a netns path), or null for the
     *     agent's own (a node agent on the host network)
     */
    public Plumber(Exec exec, OvsPorts ports, DhcpClient dhcp, Path ovsNetns, Duration installTimeout) {
        this.exec = exec;
        this.ports = ports;
        this.dhcp = dhcp;
        this.ovsNetns = ovsNetns;
        this.installTimeout = installTimeout;
    }

    /** What an attach produced. */
    public record Result(String network, String ifName, String mac, String ip) {}

    /** Plumbs one network into {@code owner}'s namespace {@code pod}; on failure nothing of it is left. */
    public Result attach(PodRef owner, PodNetns pod, Attachment a) {
        long t0 = System.nanoTime();
        try {
            ipBatch(
                    NetworkNamespace.at(ovsNetns),
                    LinkCommands.hostSide(a, pod.pid()),
                    "creating veth " + a.hostIfName() + "/" + a.podIfName());
            ipBatch(
                    NetworkNamespace.at(pod.path()),
                    LinkCommands.podSide(a),
                    "configuring " + a.podIfName() + " in the Pod");
            if (ports.userspaceDatapath()) {
                Exec.Result r = exec.run(NetworkNamespace.at(pod.path()), LinkCommands.txOffloadOff(a), "");
                if (!r.ok()) {
                    throw new PlumbingException("turning tx checksum offload off on " + a.podIfName() + ": "
                            + MissingCapability.explain(r.stderr().strip()));
                }
            }
            ports.add(a.hostIfName(), a.externalIds());
            ports.awaitInstalled(a.hostIfName(), installTimeout);
            String ip = a.mode() == AddressMode.DHCP
                    ? dhcp.lease(pod.path(), a.podIfName(), a.fixedIps())
                    : a.fixedIps().getFirst();
            if (!a.defaultRoute().isEmpty()) {
                ipBatch(
                        NetworkNamespace.at(pod.path()),
                        LinkCommands.defaultRoute(a),
                        "setting the default route through " + a.defaultRoute().getFirst() + " on " + a.podIfName());
            }
            LOG.info(
                    owner.log(),
                    "plumbed {} ({}) into Pod uid={} as {} {} in {} ms",
                    a.network(),
                    a.portId(),
                    pod.podUid(),
                    a.podIfName(),
                    ip,
                    (System.nanoTime() - t0) / 1_000_000);
            return new Result(a.network(), a.podIfName(), a.mac(), ip);
        } catch (RuntimeException e) {
            try {
                detach(a.hostIfName());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof PlumbingException p
                    ? p
                    : new PlumbingException("plumbing " + a.network() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets the default route the attachment asks for again (idempotent): an attach interrupted after the address and
     * before the route (a crash, a restart) leaves an interface that is otherwise complete.
     */
    public void ensureDefaultRoute(PodNetns pod, Attachment a) {
        if (!a.defaultRoute().isEmpty()) {
            ipBatch(
                    NetworkNamespace.at(pod.path()),
                    LinkCommands.defaultRoute(a),
                    "setting the default route through " + a.defaultRoute().getFirst() + " on " + a.podIfName());
        }
    }

    /**
     * Removes the OVS port and the veth (deleting one end deletes both; with the Pod's namespace gone it is already
     * gone). Idempotent.
     */
    public void detach(String hostIfName) {
        ports.remove(hostIfName);
        Exec.Result r = exec.run(NetworkNamespace.at(ovsNetns), List.of("ip", "link", "del", hostIfName), "");
        // "Cannot find device": gone already; "No such device": its Pod end's namespace went away while deleting
        if (!r.ok() && !r.stderr().contains("Cannot find device") && !r.stderr().contains("No such device")) {
            throw new PlumbingException("removing veth " + hostIfName + ": "
                    + MissingCapability.explain(r.stderr().strip()));
        }
    }

    /** Runs an {@code ip -batch -} of {@code lines}; throws with {@code what} and ip's message on failure. */
    private void ipBatch(NetworkNamespace netns, List<String> lines, String what) {
        Exec.Result r = exec.run(netns, List.of("ip", "-batch", "-"), String.join("\n", lines) + "\n");
        if (!r.ok()) {
            throw new PlumbingException(what + ": " + MissingCapability.explain((r.stderr() + r.stdout()).strip()));
        }
    }
}
