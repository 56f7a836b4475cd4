package io.kubetron.node.plumbing;

import io.kubetron.node.netns.PodNetns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out an {@link Attachment}: veth pair, Pod end configured, host end on the integration bridge, wait for
 * ovn-controller, then the address. Each step is one process or one transaction; a failed attach removes what it
 * made. Thread-safe: attachments of different Pods may run concurrently (they touch different names).
 */
public final class Plumber {
    private static final Logger LOG = LoggerFactory.getLogger(Plumber.class);
    private final Netns netns;
    private final OvsPorts ports;
    private final DhcpClient dhcp;
    private final Path ovsNetns;
    private final Duration installTimeout;

    /**
     * @param ovsNetns the namespace holding the OVS datapath and the host ends (a netns path), or null for the
     *     agent's own (a node agent on the host network)
     */
    public Plumber(Netns netns, OvsPorts ports, DhcpClient dhcp, Path ovsNetns, Duration installTimeout) {
        this.netns = netns;
        this.ports = ports;
        this.dhcp = dhcp;
        this.ovsNetns = ovsNetns;
        this.installTimeout = installTimeout;
    }

    /** What an attach produced. */
    public record Result(String network, String ifName, String mac, String ip) {}

    /** Plumbs one network into the Pod; on failure nothing of it is left. */
    public Result attach(PodNetns pod, Attachment a) {
        long t0 = System.nanoTime();
        try {
            netns.ipBatch(
                    ovsNetns,
                    LinkCommands.hostSide(a, pod.pid()),
                    "creating veth " + a.hostIfName() + "/" + a.podIfName());
            netns.ipBatch(pod.path(), LinkCommands.podSide(a), "configuring " + a.podIfName() + " in the Pod");
            if (ports.userspaceDatapath()) {
                Netns.Result r = netns.run(pod.path(), LinkCommands.txOffloadOff(a), "");
                if (!r.ok()) {
                    throw new PlumbingException("turning tx checksum offload off on " + a.podIfName() + ": "
                            + r.stderr().strip());
                }
            }
            ports.add(a.hostIfName(), a.externalIds());
            ports.awaitInstalled(a.hostIfName(), installTimeout);
            String ip = a.mode() == AddressMode.DHCP
                    ? dhcp.lease(pod.path(), a.podIfName(), a.fixedIps())
                    : a.fixedIps().getFirst();
            LOG.info(
                    "plumbed {} ({}) into Pod {} as {} {} in {} ms",
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
     * Removes the OVS port and the veth (deleting one end deletes both; with the Pod's namespace gone it is already
     * gone). Idempotent.
     */
    public void detach(String hostIfName) {
        ports.remove(hostIfName);
        Netns.Result r = netns.run(ovsNetns, List.of("ip", "link", "del", hostIfName), "");
        // "Cannot find device": gone already; "No such device": its Pod end's namespace went away while deleting
        if (!r.ok() && !r.stderr().contains("Cannot find device") && !r.stderr().contains("No such device")) {
            throw new PlumbingException(
                    "removing veth " + hostIfName + ": " + r.stderr().strip());
        }
    }
}
