package io.kubetron.node.bench;

import io.kubetron.backend.BackendPort;
import io.kubetron.common.dhcp.DhcpHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two shell baselines the agent is compared with, one bash process per Pod doing both networks one after the
 * other: the floor (what the agent does, as raw commands) and the original project's {@code attach-pod} sequence
 * without its sleeps. Both reach the Pod's namespace through {@code nsenter --net=/proc/PID/ns/net} and the
 * datapath's namespace through {@code ip -n}, as the agent does, so only the method differs. Thread-safe.
 */
final class RawPlumbing {
    /**
     * The floor: per network, a veth made with its Pod end inside the Pod, MAC and up, tx checksum offload off (the
     * userspace datapath forwards CHECKSUM_PARTIAL packets unfixed, so TCP/UDP would break without it), the OVS port
     * with iface-id ({@code --no-wait}: the next command waits for more than vswitchd anyway), ovn-controller's
     * ovn-installed awaited, then one-shot udhcpc.
     */
    private static final String FLOOR = """
            #!/bin/bash
            # usage: floor.sh PID HOSTNS OVSDB HOOK then IF HOSTIF MAC PORTID for each network
            set -euo pipefail
            pid=$1 hostns=$2 db=$3 hook=$4; shift 4
            pod=/proc/$pid/ns/net
            while [ $# -gt 0 ]; do
              if=$1 host=$2 mac=$3 id=$4; shift 4
              ip -n "$hostns" link add "$host" mtu 1500 type veth peer name "$if" mtu 1500 netns "$pid"
              ip -n "$hostns" link set "$host" up
              nsenter --net="$pod" ip link set "$if" address "$mac" up
              nsenter --net="$pod" ethtool -K "$if" tx off >/dev/null
              ovs-vsctl --db="$db" --timeout=30 --no-wait add-port br-int "$host" -- set Interface "$host" \\
                  external_ids:iface-id="$id"
              ovs-vsctl --db="$db" --timeout=30 wait-until Interface "$host" external_ids:ovn-installed=true
              out=$(nsenter --net="$pod" busybox udhcpc -i "$if" -s "$hook" -q -n -f -t 5 -T 1 2>&1)
              [[ $out == *LEASE* ]] || { echo "no lease on $if: $out"; exit 1; }
            done
            """;

    /**
     * The original's {@code attach-pod} per network (OVS internal port on br-int, moved into the Pod's namespace, MAC,
     * up, iface-id last), its {@code sleep 1} left out; then its sidecar's DHCP on every interface at once (dhclient
     * took them all in one process; here one udhcpc per interface, in parallel, retrying every second), with no wait
     * for ovn-installed (the original had none). No tx offload change: the original made none. The times of the
     * two halves are printed from bash's clock.
     */
    private static final String ORIGINAL = """
            #!/bin/bash
            # usage: original.sh PID HOSTNS OVSDB HOOK then IF MAC PORTID for each network
            set -euo pipefail
            pid=$1 hostns=$2 db=$3 hook=$4; shift 4
            pod=/proc/$pid/ns/net
            echo "START $EPOCHREALTIME"
            ifs=()
            while [ $# -gt 0 ]; do
              if=$1 mac=$2 id=$3; shift 3
              ovs-vsctl --db="$db" --timeout=30 -- add-port br-int "$if" -- set Interface "$if" type=internal
              ip -n "$hostns" link set dev "$if" netns "$pid"
              nsenter --net="$pod" ip link set "$if" address "$mac"
              nsenter --net="$pod" ip link set "$if" up
              ovs-vsctl --db="$db" --timeout=30 set Interface "$if" external_ids:iface-id="$id"
              ifs+=("$if")
            done
            echo "ATTACHED $EPOCHREALTIME"
            pids=()
            for if in "${ifs[@]}"; do
              nsenter --net="$pod" busybox udhcpc -i "$if" -s "$hook" -q -n -f -t 5 -T 1 >"$TMPDIR_OUT.$if" 2>&1 &
              pids+=($!)
            done
            rc=0
            for p in "${pids[@]}"; do wait "$p" || rc=1; done
            echo "END $EPOCHREALTIME"
            for if in "${ifs[@]}"; do grep -q LEASE "$TMPDIR_OUT.$if" || { echo "no lease on $if"; rc=1; }; rm -f "$TMPDIR_OUT.$if"; done
            exit $rc
            """;

    private static final Pattern MARK = Pattern.compile("(START|ATTACHED|END) (\\d+)[.,](\\d+)");

    private final Path dir;
    private final Path hook;
    private final Path floor;
    private final Path original;
    private final String hostNs;
    private final String ovsdb;

    RawPlumbing(Path dir, String hostNs, String ovsdb) {
        this.dir = dir;
        this.hostNs = hostNs;
        this.ovsdb = ovsdb;
        // the agent's own hook: only the method differs
        this.hook = DhcpHook.write(dir.resolve("udhcpc-hook.sh"));
        this.floor = write(dir.resolve("floor.sh"), FLOOR);
        this.original = write(dir.resolve("original.sh"), ORIGINAL);
    }

    /** A finished run: exit status, output, and for the original the two halves (ms; NaN when unknown). */
    record Run(boolean ok, String output, double attachMs, double dhcpMs) {}

    /** Host end of the floor's veth for a port: {@code fb} + 13 characters, never the agent's {@code kt...}. */
    static String floorHostIf(BackendPort p) {
        return "fb" + p.id().replace("-", "").substring(0, 13);
    }

    Run floor(long pid, List<BackendPort> ports) {
        List<String> cmd =
                new ArrayList<>(List.of(floor.toString(), Long.toString(pid), hostNs, ovsdb, hook.toString()));
        for (BackendPort p : ports) {
            cmd.addAll(List.of(p.name(), floorHostIf(p), p.macAddress(), p.id()));
        }
        return run(cmd);
    }

    Run original(long pid, List<BackendPort> ports) {
        List<String> cmd =
                new ArrayList<>(List.of(original.toString(), Long.toString(pid), hostNs, ovsdb, hook.toString()));
        for (BackendPort p : ports) {
            cmd.addAll(List.of(p.name(), p.macAddress(), p.id()));
        }
        return run(cmd);
    }

    private Run run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment()
                    .put(
                            "TMPDIR_OUT",
                            dir.resolve("out-" + ProcessHandle.current().pid() + "-"
                                            + Thread.currentThread().threadId())
                                    .toString());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            String text = new String(out, StandardCharsets.UTF_8);
            double start = mark(text, "START");
            double attached = mark(text, "ATTACHED");
            double end = mark(text, "END");
            return new Run(p.exitValue() == 0, text, attached - start, end - attached);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A mark's time in ms (bash's EPOCHREALTIME), NaN when absent. */
    private static double mark(String out, String name) {
        Matcher m = MARK.matcher(out);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return Long.parseLong(m.group(2)) * 1000.0
                        + Long.parseLong((m.group(3) + "000000").substring(0, 6)) / 1000.0;
            }
        }
        return Double.NaN;
    }

    private static Path write(Path p, String text) {
        try {
            Files.writeString(p, text);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
