package io.kubetron.node.plumbing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real DHCP exchange inside a Pod's namespace: busybox {@code udhcpc} in one-shot mode ({@code -q -n -f}: it exits
 * once it has a lease or has given up, so no client keeps running) with a hook that applies the address and MTU and
 * never a default route (the Pod's primary network keeps it). The hook prints the lease for this class to read.
 * Thread-safe.
 */
public final class DhcpClient {
    private static final Pattern LEASE = Pattern.compile("LEASE ip=(\\S+) mask=(\\S*)");
    private static final String HOOK = """
            #!/bin/sh
            # kubetron node agent: udhcpc hook (no default route: these are secondary interfaces)
            case "$1" in
              deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
              bound|renew)
                ip -4 addr flush dev "$interface"
                ip addr add "$ip/${mask:-32}" dev "$interface"
                [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
                echo "LEASE ip=$ip mask=$mask" ;;
            esac
            exit 0
            """;
    private final Netns netns;
    private final Path hook;
    private final int attempts;

    /**
     * @param hook where to write the hook script (the agent's state directory)
     * @param attempts DISCOVERs sent, one second apart
     */
    public DhcpClient(Netns netns, Path hook, int attempts) {
        this.netns = netns;
        this.hook = hook;
        this.attempts = attempts;
        try {
            Files.createDirectories(hook.getParent());
            Files.writeString(hook, HOOK);
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the DHCP hook " + hook, e);
        }
    }

    /**
     * Leases an address for {@code ifname} and applies it.
     *
     * @param expected the port's fixed IPs: a lease outside them is refused (and removed); empty accepts any
     * @return the leased address
     */
    public String lease(Path podNetns, String ifname, List<String> expected) {
        Netns.Result r = netns.run(
                podNetns,
                List.of(
                        "busybox",
                        "udhcpc",
                        "-i",
                        ifname,
                        "-s",
                        hook.toString(),
                        "-q",
                        "-n",
                        "-f",
                        "-t",
                        Integer.toString(attempts),
                        "-T",
                        "1"),
                "");
        Matcher m = LEASE.matcher(r.stdout());
        if (!r.ok() || !m.find()) {
            throw new PlumbingException("no DHCP lease on " + ifname + " after " + attempts + " attempts: "
                    + (r.stderr() + r.stdout()).strip());
        }
        String ip = m.group(1);
        if (!expected.isEmpty() && !expected.contains(ip)) {
            netns.run(podNetns, List.of("ip", "-4", "addr", "flush", "dev", ifname), "");
            throw new PlumbingException("DHCP gave " + ifname + " " + ip + ", not the port's " + expected);
        }
        return ip;
    }
}
