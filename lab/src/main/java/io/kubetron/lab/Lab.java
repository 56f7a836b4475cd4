package io.kubetron.lab;

import io.kubetron.common.dhcp.DhcpHook;
import io.kubetron.common.exec.Exec;
import io.kubetron.common.retry.Wait;
import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.lab.neutron.NeutronEndpoints;
import io.kubetron.lab.neutron.NeutronServices;
import io.kubetron.lab.runtime.Containerd;
import io.kubetron.lab.runtime.ContainerdOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real OVS + OVN control plane for one emulated node, started from the Debian packages' binaries: ovsdb-server
 * (Open_vSwitch), ovs-vswitchd (userspace datapath, in its own network namespace), OVN NB and SB ovsdb-servers,
 * ovn-northd and ovn-controller. Everything lives in the configured directory and namespaces. With
 * {@link NodeOptions} it runs more nodes beside that first one, joined by Geneve tunnels over an underlay, and a
 * provider network ({@link #nodes()}, {@link #physnet()}).
 *
 * <p>Not thread-safe: one caller drives {@code up}/{@code down}; the read-only helpers may be shared.
 */
public final class Lab {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final LabConfig config;
    private final Exec exec;
    private final Netns netns;
    private final Consumer<String> progress;
    private final LabNodes nodes;

    public Lab(LabConfig config, Consumer<String> progress) {
        this.config = config;
        // OVS_RUNDIR tells vswitchd where to create br-int.mgmt and ovn-controller where to find it
        this.exec = new Exec(NodeDirs.of(config, 0).environment(), Duration.ofSeconds(60));
        this.netns = new Netns(exec);
        this.progress = progress;
        this.nodes = new LabNodes(config, datapathType(), exec, netns, progress);
    }

    /** The lab whose state directory is {@code dir}, with the configuration it was started with. */
    public static Lab at(Path dir, Consumer<String> progress) {
        return new Lab(LabConfig.load(dir).orElseGet(() -> LabConfig.defaults().withDir(dir)), progress);
    }

    public LabConfig config() {
        return config;
    }

    /** A command runner whose environment points the OVS/OVN tools at this lab. */
    public Exec exec() {
        return exec;
    }

    public Netns netns() {
        return netns;
    }

    /** How to reach node 0's Open_vSwitch database and the shared OVN databases. */
    public LabEndpoints endpoints() {
        return LabEndpoints.of(config);
    }

    /** Every node, node 0 (the single-node lab's, {@code <lab>-host}) first; one per {@link NodeOptions#count()}. */
    public List<LabNode> nodes() {
        return nodes.all();
    }

    /** The provider network, external host included; empty without {@code --physnet}. */
    public Optional<Physnet> physnet() {
        return nodes.physnet();
    }

    /** The namespace of the underlay bridge joining the nodes' br-phy; empty with one node. */
    public Optional<String> fabricNamespace() {
        return nodes.fabricNamespace();
    }

    /** How to reach this lab's Neutron (and Keystone); empty when it runs none. */
    public Optional<NeutronEndpoints> neutron() {
        return NeutronEndpoints.of(config);
    }

    private NeutronServices neutronServices() {
        return new NeutronServices(this, progress);
    }

    /** Datapath type in use: {@code system} when the kernel has the openvswitch module, else {@code netdev}. */
    public String datapathType() {
        return datapathTypeHere();
    }

    static String datapathTypeHere() {
        return Files.isDirectory(Path.of("/sys/module/openvswitch")) ? "system" : "netdev";
    }

    /**
     * The lab's networks-signing key set ({@code <dir>/networks-signing}, one random key), made on first use and kept
     * with the lab's state (a lab already up from before gets one too): the webhook and the node agents the dev kit
     * runs on this lab share it, as a cluster's share the Secret.
     */
    public Path signingKeys() {
        Path dir = config.dir().resolve("networks-signing");
        synchronized (Lab.class) {
            if (!Files.isRegularFile(dir.resolve("primary"))) {
                // made aside and moved in place: another JVM on the same lab sees a whole key set or none
                Path tmp = config.dir()
                        .resolve(".networks-signing-" + ProcessHandle.current().pid());
                KeySetDirectory.create(tmp, "lab");
                try {
                    Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // another JVM made it first: use theirs
                    deleteQuietly(tmp);
                    if (!Files.isRegularFile(dir.resolve("primary"))) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (UncheckedIOException e) {
            // a leftover under the lab's directory, removed by down
        }
    }

    /** The udhcpc hook script ({@link DhcpHook}: Debian's busybox ships none) that applies a lease in a namespace. */
    public Path dhcpHook() {
        return config.dir().resolve("udhcpc.sh");
    }

    public boolean isUp() {
        return ovnUp() && (!config.neutron().enabled() || neutronServices().isUp());
    }

    private boolean ovnUp() {
        return Stream.of(LabDaemon.values()).allMatch(d -> d.pid(config).isPresent()) && nodes.running();
    }

    /**
     * Starts the lab and returns when the chassis is registered and a Northbound change has reached the
     * hypervisor. Does nothing if it is already up; cleans a stale or half-started lab first.
     *
     * @return how long it took to become ready
     */
    public Duration up() {
        requireRoot();
        requireTools();
        if (isUp()) {
            Optional<LabConfig> running = LabConfig.load(config.dir());
            if (running.isPresent() && !running.get().equals(config)) {
                // someone else's lab (another test run, another shell) with this name: neither use nor stop it
                throw new IllegalStateException("lab " + config.name() + " is already up with other settings ("
                        + running.get() + "); run 'kubetron lab down --name " + config.name()
                        + "' first or choose another name");
            }
            progress.accept("lab " + config.name() + " is already up (state in " + config.dir() + ")");
            return Duration.ZERO;
        }
        // a node's, the fabric's or the provider network's namespace without a directory is a lab that died too
        if (Files.exists(config.dir())
                || netns.exists(config.hostNamespace())
                || netns.list().stream()
                        .anyMatch(n -> n.startsWith(config.namespacePrefix())
                                && !n.startsWith(config.namespacePrefix() + "pod-"))) {
            progress.accept("stale state of lab " + config.name() + " found, cleaning it first");
            down();
        }
        long t0 = System.nanoTime();
        for (int port : config.tcpPorts()) {
            requireFree(port);
        }
        try {
            for (Path d : List.of(
                    config.runDir(),
                    config.logDir(),
                    config.dbDir(),
                    config.dir().resolve("etc"))) {
                Files.createDirectories(d);
            }
            config.save();
            writeDhcpHook();
            signingKeys();
            startAll();
        } catch (RuntimeException | IOException e) {
            progress.accept("lab up failed, stopping what was started: " + e.getMessage());
            try {
                down();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        progress.accept("lab " + config.name() + " up in " + took.toMillis() + " ms: datapath "
                + datapathType() + ", chassis " + config.chassis() + ", NB "
                + endpoints().nbTcp()
                + (config.ssl() ? " and " + endpoints().nbSsl() : "") + topologySummary() + ", logs in "
                + config.logDir());
        return took;
    }

    /** Nothing for the single-node lab, whose line stays as it always was. */
    private String topologySummary() {
        String s = nodes().size() > 1
                ? ", " + nodes().size() + " nodes (chassis "
                        + String.join(
                                ", ", nodes().stream().map(LabNode::chassis).toList()) + ")"
                : "";
        return s
                + physnet()
                        .map(p -> ", provider network " + p.network() + " with external host " + p.externalHostAddress()
                                + " (VLAN " + p.vlan() + ", namespace " + p.externalHostNamespace() + ")")
                        .orElse("");
    }

    private void startAll() {
        Path run = config.runDir();
        Path db = config.dbDir();
        // Neutron and Keystone serve HTTPS with certificates of the same CA
        Pki pki = config.ssl() || config.neutron().enabled() ? Pki.createCa(config.pkiDir(), "labca") : null;
        if (config.ssl()) {
            pki.issue("nb");
            pki.issue("client");
        }
        exec.check(
                "ovsdb-tool", "create", db.resolve("conf.db").toString(), "/usr/share/openvswitch/vswitch.ovsschema");
        exec.check("ovsdb-tool", "create", db.resolve("ovnnb_db.db").toString(), "/usr/share/ovn/ovn-nb.ovsschema");
        exec.check("ovsdb-tool", "create", db.resolve("ovnsb_db.db").toString(), "/usr/share/ovn/ovn-sb.ovsschema");

        daemon(
                LabDaemon.OVSDB_SERVER,
                List.of("ovsdb-server", db.resolve("conf.db").toString(), "--remote=punix:" + run.resolve("db.sock")));
        vsctl(nodes.settings(nodes().getFirst()).toArray(String[]::new));

        // its own namespace: the userspace datapath creates taps (ovs-netdev, br-int) that would clash with
        // another OVS instance on this machine
        netns.create(config.hostNamespace());
        nodes.prepare();
        nodes.startSwitches(() -> daemon(
                LabDaemon.OVS_VSWITCHD,
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        config.hostNamespace(),
                        "ovs-vswitchd",
                        "unix:" + run.resolve("db.sock"))));

        List<String> nb = new ArrayList<>(List.of(
                "ovsdb-server",
                db.resolve("ovnnb_db.db").toString(),
                "--remote=punix:" + run.resolve("ovnnb_db.sock"),
                "--remote=ptcp:" + config.nbPort() + ":127.0.0.1"));
        if (config.ssl()) {
            Path pkiDir = config.pkiDir();
            nb.addAll(List.of(
                    "--remote=pssl:" + config.nbSslPort() + ":127.0.0.1",
                    "--private-key=" + pkiDir.resolve("nb-privkey.pem"),
                    "--certificate=" + pkiDir.resolve("nb-cert.pem"),
                    "--ca-cert=" + pkiDir.resolve("labca-cacert.pem")));
        }
        daemon(LabDaemon.OVN_NB, nb);
        daemon(
                LabDaemon.OVN_SB,
                List.of(
                        "ovsdb-server",
                        db.resolve("ovnsb_db.db").toString(),
                        "--remote=punix:" + run.resolve("ovnsb_db.sock"),
                        "--remote=ptcp:" + config.sbPort() + ":127.0.0.1"));
        // NB_Global and SB_Global exist before ovn-northd starts: otherwise the first `ovn-nbctl --wait=hv sync` can
        // race northd to insert NB_Global, bump nb_cfg on a second row northd never reads, and wait forever
        exec.check("ovn-nbctl", "--db=unix:" + run.resolve("ovnnb_db.sock"), "--timeout=10", "init");
        exec.check("ovn-sbctl", "--db=unix:" + run.resolve("ovnsb_db.sock"), "--timeout=10", "init");
        daemon(
                LabDaemon.OVN_NORTHD,
                List.of(
                        "ovn-northd",
                        "--ovnnb-db=unix:" + run.resolve("ovnnb_db.sock"),
                        "--ovnsb-db=unix:" + run.resolve("ovnsb_db.sock")));
        // ovn-controller 23.03 has no --unixctl option: its control socket is run/ovn-controller.<pid>.ctl
        nodes.startControllers(
                () -> daemon(LabDaemon.OVN_CONTROLLER, List.of("ovn-controller", "unix:" + run.resolve("db.sock"))));

        waitFor("all daemons running", this::ovnUp);
        waitFor(
                "chassis " + config.chassis() + " registered in the Southbound DB",
                () -> exec.run(
                                "ovn-sbctl",
                                "--db=unix:" + run.resolve("ovnsb_db.sock"),
                                "--timeout=5",
                                "--bare",
                                "--columns=name",
                                "find",
                                "Chassis",
                                "name=" + config.chassis())
                        .stdout()
                        .contains(config.chassis()));
        waitFor("br-int created", () -> vsctlRun("br-exists", "br-int").ok());
        nodes.awaitReady();
        exec.check("ovn-nbctl", "--db=unix:" + run.resolve("ovnnb_db.sock"), "--timeout=30", "--wait=hv", "sync");
        if (config.neutron().enabled()) {
            neutronServices().start(pki);
        }
    }

    private void daemon(LabDaemon d, List<String> command) {
        // --detach returns once the daemon is initialised (its pidfile written)
        d.process(config).start(exec, command);
    }

    /**
     * Stops this lab's daemons by PID (each checked to be this lab's first), those of every node, deletes every
     * namespace named {@code <name>-*} (the veths in them go too), keeps the logs in {@link LabConfig#lastLogsDir()} and
     * removes the state directory. Idempotent.
     */
    public void down() {
        // the runtimes first: their Pods' namespaces hold interfaces plugged into the nodes' switches
        for (LabNode n : nodes()) {
            Containerd.existing(containerd(n)).stop(progress);
        }
        // Neutron next: it holds connections to the NB and SB databases
        neutronServices().stop();
        nodes.stop();
        for (LabDaemon d : LabDaemon.values()) {
            d.process(config).stop(exec, progress);
        }
        for (String ns : netns.list()) {
            if (ns.startsWith(config.namespacePrefix())) {
                netns.delete(ns);
                progress.accept("deleted namespace " + ns);
            }
        }
        if (Files.exists(config.dir())) {
            try {
                FileTrees.delete(config.lastLogsDir());
                if (Files.isDirectory(config.logDir())) {
                    Files.move(config.logDir(), config.lastLogsDir());
                }
                FileTrees.delete(config.dir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + config.dir(), e);
            }
        }
        progress.accept("lab " + config.name() + " is down (logs of the last run in " + config.lastLogsDir() + ")");
    }

    /**
     * The container runtime of {@code node}, as a cluster's node has one: its own containerd under the lab's directory,
     * a primary Pod network of its own (a bridge and a /24 that no other node or lab of this name uses) and its
     * kubelet's cgroup tree named as the node's ({@code <lab>-kubepods} on node 0, {@code <lab>-node<i>-kubepods}
     * beyond). {@link #down} stops it, with what its Pods left.
     */
    public ContainerdOptions containerd(LabNode node) {
        String name = config.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        int i = node.index();
        String bridge = name + "-cni" + i;
        if (bridge.length() > 15) {
            bridge = "kt" + Integer.toHexString(name.hashCode()) + "c" + i;
        }
        return new ContainerdOptions(
                config.dir().resolve("containerd").resolve(node.name()),
                "docker.io/local/pause:1",
                "10.88." + (podBlock(name) + i) + ".0/24",
                name + "-pods" + i,
                bridge,
                config.namespacePrefix() + (i == 0 ? "" : node.name() + "-") + "kubepods");
    }

    /**
     * The first of four /24s under 10.88/16 for this lab's Pod networks: labs of different names may run at once, so
     * each starts looking at a block of its own and takes the first one that no route of the host uses yet (only
     * starting a runtime needs it; stopping one goes by names).
     */
    private int podBlock(String name) {
        String routes = exec.run("ip", "-4", "route", "show").stdout();
        int first = Math.floorMod(name.hashCode(), 60);
        for (int k = 0; k < 60; k++) {
            int block = ((first + k) % 60) * 4;
            boolean used = false;
            for (int j = 0; j < 4; j++) {
                used |= routes.contains("10.88." + (block + j) + ".0/24");
            }
            if (!used) {
                return block;
            }
        }
        throw new IllegalStateException("every 10.88.x.0/24 block for Pod networks is routed already");
    }

    /** Status of every daemon of this lab and whether each node's chassis is registered. */
    public LabStatus status() {
        List<LabStatus.Daemon> daemons = new ArrayList<>();
        for (LabDaemon d : LabDaemon.values()) {
            daemons.add(d.process(config).status());
        }
        nodes.daemons().forEach(d -> daemons.add(d.status()));
        daemons.addAll(neutronServices().daemons());
        Set<String> registered = LabDaemon.OVN_SB.pid(config).isPresent() ? nodes.registeredChassis() : Set.of();
        return new LabStatus(
                config,
                daemons,
                nodes().stream()
                        .map(n -> new LabStatus.NodeStatus(n, registered.contains(n.chassis())))
                        .toList());
    }

    /** Runs ovs-vsctl against this lab's Open_vSwitch database and returns its output. */
    public String vsctl(String... args) {
        return vsctlRun(args).orThrow().stdout();
    }

    /** Runs ovs-vsctl against {@code node}'s Open_vSwitch database and returns its output. */
    public String vsctl(LabNode node, String... args) {
        return exec.check(LabNodes.vsctl(node, args));
    }

    /** Runs ovs-appctl against {@code node}'s ovs-vswitchd ({@code dpctl/dump-flows}, {@code ovs/route/show}...). */
    public String appctl(LabNode node, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("ovs-appctl", "-t", node.vswitchdControl().toString()));
        cmd.addAll(List.of(args));
        return exec.check(cmd);
    }

    /** Runs ovn-sbctl against this lab's Southbound database and returns its output. */
    public String sbctl(String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("ovn-sbctl", "--db=unix:" + config.runDir().resolve("ovnsb_db.sock"), "--timeout=30"));
        cmd.addAll(List.of(args));
        return exec.check(cmd);
    }

    private Exec.Result vsctlRun(String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("ovs-vsctl", "--db=unix:" + config.runDir().resolve("db.sock"), "--timeout=20"));
        cmd.addAll(List.of(args));
        return exec.run(cmd);
    }

    /** Runs ovn-nbctl against this lab's Northbound database and returns its output. */
    public String nbctl(String... args) {
        List<String> cmd = new ArrayList<>(
                List.of("ovn-nbctl", "--db=unix:" + config.runDir().resolve("ovnnb_db.sock"), "--timeout=30"));
        cmd.addAll(List.of(args));
        return exec.check(cmd);
    }

    private void writeDhcpHook() {
        DhcpHook.write(dhcpHook());
    }

    private static void requireRoot() {
        try {
            boolean root = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
            if (!root) {
                throw new IllegalStateException(
                        "the lab needs root (network namespaces, Open vSwitch): run it with sudo");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireTools() {
        List<String> missing = new ArrayList<>();
        for (String t : List.of(
                "ovsdb-tool",
                "ovsdb-server",
                "ovs-vswitchd",
                "ovs-vsctl",
                "ovs-appctl",
                "ovn-northd",
                "ovn-controller",
                "ovn-nbctl",
                "ovn-sbctl",
                "ip")) {
            if (!onPath(t)) {
                missing.add(t);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing tools: " + String.join(" ", missing)
                    + " (apt-get install openvswitch-switch ovn-central ovn-host iproute2; ./test.sh installs them)");
        }
        List<String> neutronTools = new ArrayList<>();
        if (config.neutron().enabled()) {
            neutronTools.addAll(List.of("neutron-server", "neutron-db-manage", "sqlite3", "setsid"));
        }
        if (config.neutron().keystone()) {
            neutronTools.addAll(List.of("keystone-manage", "keystone-wsgi-public", "uwsgi"));
        }
        neutronTools.removeIf(Lab::onPath);
        if (!neutronTools.isEmpty()) {
            throw new IllegalStateException("missing tools: " + String.join(" ", neutronTools)
                    + " (apt-get install neutron-server python3-neutron keystone uwsgi uwsgi-plugin-python3 sqlite3;"
                    + " ./test.sh installs them)");
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String d : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void requireFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("TCP port " + port + " on 127.0.0.1 is in use; choose other ports "
                    + "(--nb-port, --sb-port, --nb-ssl-port, --neutron-port, --keystone-port)");
        }
    }

    private void waitFor(String what, BooleanSupplier condition) {
        Wait.upTo(READY_TIMEOUT).until(what + " (daemon logs in " + config.logDir() + ")", condition);
    }
}
