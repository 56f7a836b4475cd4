package io.kubetron.node.plumbing;

import io.kubetron.common.dhcp.DhcpHook;
import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.NetworkNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real DHCP exchange inside a Pod's namespace: busybox {@code udhcpc} in one-shot mode (it exits once it has a lease
 * or has given up, so no client keeps running) with Kubetron's hook ({@link DhcpHook}), which applies the address with
 * the mask DHCP gave and the MTU, never a default route (the Pod's primary network keeps it), and prints the lease for
 * this class to read. Thread-safe.
 */
public final class DhcpClient {
    private final Exec exec;
    private final Path hook;
    private final int attempts;

    /**
     * @param hook where to write the hook script (the agent's state directory)
     * @param attempts DISCOVERs sent, one second apart
     */
    public DhcpClient(Exec exec, Path hook, int attempts) {
        this.exec = exec;
        this.hook = DhcpHook.write(hook);
        this.attempts = attempts;
    }

    /**
     * Leases an address for {@code ifname} and applies it.
     *
     * @param expected the port's fixed IPs: a lease outside them is refused (and removed); empty accepts any
     * @return the leased address
     */
    public String lease(Path podNetns, String ifname, List<String> expected) {
        NetworkNamespace pod = NetworkNamespace.at(podNetns);
        Exec.Result r = exec.run(pod, DhcpHook.udhcpc(ifname, hook, attempts), "");
        Optional<DhcpHook.Lease> lease = r.ok() ? DhcpHook.lease(r.stdout()) : Optional.empty();
        if (lease.isEmpty()) {
            throw new PlumbingException("no DHCP lease on " + ifname + " after " + attempts + " attempts: "
                    + MissingCapability.explain((r.stderr() + r.stdout()).strip()));
        }
        String ip = lease.get().ip();
        if (!expected.isEmpty() && !expected.contains(ip)) {
            exec.run(pod, List.of("ip", "-4", "addr", "flush", "dev", ifname), "");
            throw new PlumbingException("DHCP gave " + ifname + " " + ip + ", not the port's " + expected);
        }
        return ip;
    }
}
