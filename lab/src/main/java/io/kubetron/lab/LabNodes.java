package io.kubetron.lab;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.retry.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The nodes of a lab and what joins them: node 0 (whose daemons {@link Lab} starts, as in a single-node lab), the
 * other {@link NodeDaemons}s, the {@link Fabric} when there are several, and the {@link ProviderNetwork} with
 * {@code --physnet}. {@link Lab} calls the steps in order around node 0's daemons; with one node and no provider
 * network every step does nothing. Not thread-safe, like {@link Lab}.
 */
final class LabNodes {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final LabConfig config;
    private final Exec exec;
    private final Netns netns;
    private final Consumer<String> progress;
    private final List<LabNode> nodes;
    private final List<NodeDaemons> others;
    private final Fabric fabric;
    private final ProviderNetwork provider;

    LabNodes(LabConfig config, String datapathType, Exec exec, Netns netns, Consumer<String> progress) {
        this.config = config;
        this.exec = exec;
        this.netns = netns;
        this.progress = progress;
        this.nodes = describe(config, datapathType);
        this.others =
                nodes.stream().skip(1).map(n -> new NodeDaemons(config, n)).toList();
        this.fabric = config.nodes().multiNode() ? new Fabric(config, exec, netns) : null;
        this.provider = config.nodes().physnet() ? new ProviderNetwork(config, datapathType, netns) : null;
    }

    static List<LabNode> describe(LabConfig config, String datapathType) {
        return IntStream.range(0, config.nodes().count())
                .mapToObj(i -> LabNode.of(config, i, datapathType))
                .toList();
    }

    List<LabNode> all() {
        return nodes;
    }

    Optional<String> fabricNamespace() {
        return Optional.ofNullable(fabric).map(Fabric::namespace);
    }

    Optional<Physnet> physnet() {
        return config.nodes().physnet() ? Optional.of(ProviderNetwork.describe(config)) : Optional.empty();
    }

    /**
     * The {@code ovs-vsctl} arguments that initialise a node's Open_vSwitch database before its daemons start: its
     * chassis identity, the shared Southbound DB, its tunnel endpoint, and its bridges. br-int exists before vswitchd
     * and ovn-controller start, so ovn-controller finds br-int.mgmt at once instead of waiting out a one-second
     * reconnect back-off.
     */
    List<String> settings(LabNode node) {
        String dp = node.datapathType();
        List<String> args = new ArrayList<>(List.of(
                "--no-wait",
                "init",
                "--",
                "set",
                "Open_vSwitch",
                ".",
                "external_ids:system-id=" + node.chassis(),
                "external_ids:hostname=" + node.chassis(),
                "external_ids:ovn-remote=unix:" + sbSocket(),
                "external_ids:ovn-encap-type=geneve",
                "external_ids:ovn-encap-ip=" + node.encapIp(),
                "external_ids:ovn-bridge=br-int",
                "external_ids:ovn-bridge-datapath-type=" + dp,
                "--",
                "add-br",
                "br-int",
                "--",
                "set",
                "Bridge",
                "br-int",
                "fail-mode=secure",
                "datapath_type=" + dp,
                "other_config:disable-in-band=true"));
        if (fabric != null) {
            args.addAll(fabric.nodeBridge(node));
        }
        if (provider != null) {
            args.addAll(provider.nodeBridge(node));
        }
        return args;
    }

    /**
     * Before any vswitchd starts (node 0's namespace exists, its database is initialised): the fabric, the provider
     * switch's database, the other nodes' namespaces and databases, and every node's cables, so that each vswitchd
     * finds its uplinks when it starts.
     */
    void prepare() {
        List<Runnable> places = new ArrayList<>();
        if (fabric != null) {
            places.add(fabric::create);
        }
        if (provider != null) {
            places.add(provider::create);
        }
        others.forEach(o -> places.add(() -> netns.create(o.node().netns())));
        Parallel.run(places);
        if (fabric != null) {
            progress.accept("fabric: bridge " + Fabric.BRIDGE + " in namespace " + fabric.namespace() + ", underlay "
                    + Fabric.SUBNET);
        }
        Parallel.run(nodes.stream()
                .<Runnable>map(node -> () -> {
                    if (fabric != null) {
                        fabric.connect(node);
                    }
                    if (provider != null) {
                        provider.connect(node);
                    }
                    if (node.index() > 0) {
                        others.get(node.index() - 1).startDatabase(settings(node));
                    }
                })
                .toList());
    }

    /**
     * Starts every vswitchd at once, node 0's through {@code startFirst}, then puts each node's tunnel endpoint
     * address on its br-phy.
     */
    void startSwitches(Runnable startFirst) {
        List<Runnable> steps = new ArrayList<>(List.of(startFirst));
        others.forEach(o -> steps.add(o::startSwitch));
        if (provider != null) {
            steps.add(provider::startSwitch);
        }
        Parallel.run(steps);
        if (provider != null) {
            Physnet p = ProviderNetwork.describe(config);
            progress.accept("provider network " + p.network() + ": switch in namespace " + p.switchNamespace()
                    + " (trunks to every node's " + p.bridge() + "), external host " + p.externalHostAddress()
                    + " on VLAN " + p.vlan() + " in namespace " + p.externalHostNamespace());
        }
        if (fabric != null) {
            Parallel.run(nodes.stream()
                    .<Runnable>map(node -> () -> fabric.address(node))
                    .toList());
        }
    }

    /** Once the Southbound DB is up: every ovn-controller at once, node 0's through {@code startFirst}. */
    void startControllers(Runnable startFirst) {
        List<Runnable> steps = new ArrayList<>(List.of(startFirst));
        others.forEach(o -> steps.add(o::startController));
        Parallel.run(steps);
        for (NodeDaemons other : others) {
            LabNode n = other.node();
            progress.accept(n.name() + ": ovsdb-server, ovs-vswitchd (namespace " + n.netns() + ") and ovn-controller"
                    + " started, chassis " + n.chassis() + ", encap " + n.encapIp());
        }
    }

    /**
     * Every chassis is registered, every vswitchd routes the underlay through br-phy, and every node has a tunnel
     * to each other node. Only then do {@code --wait=hv} and the first cross-node packet work.
     */
    void awaitReady() {
        if (nodes.size() == 1) {
            return;
        }
        Set<String> want =
                new LinkedHashSet<>(nodes.stream().map(LabNode::chassis).toList());
        await(
                "chassis " + want + " registered in the Southbound DB",
                () -> registeredChassis().containsAll(want));
        for (LabNode node : nodes) {
            await(
                    node.name() + "'s br-int",
                    () -> exec.run(vsctl(node, List.of("br-exists", "br-int"))).ok());
            await(
                    node.name() + "'s route to the underlay " + Fabric.SUBNET + " through " + Fabric.PHYSICAL_BRIDGE,
                    () -> fabric.routed(node));
            await(
                    node.name() + "'s " + (nodes.size() - 1) + " Geneve tunnels",
                    () -> tunnels(node) == nodes.size() - 1);
        }
        progress.accept(
                nodes.size() + " chassis registered, each node has " + (nodes.size() - 1) + " Geneve tunnel(s)");
    }

    private long tunnels(LabNode node) {
        Exec.Result r = exec.run(vsctl(node, List.of("--bare", "--columns=name", "find", "Interface", "type=geneve")));
        return r.ok() ? r.stdout().lines().filter(l -> !l.isBlank()).count() : -1;
    }

    /** Chassis names in the Southbound DB; empty when it cannot be read. */
    Set<String> registeredChassis() {
        Exec.Result r = exec.run(
                "ovn-sbctl", "--db=unix:" + sbSocket(), "--timeout=5", "--bare", "--columns=name", "list", "Chassis");
        return r.ok()
                ? new LinkedHashSet<>(r.stdout()
                        .lines()
                        .map(String::strip)
                        .filter(l -> !l.isEmpty())
                        .toList())
                : Set.of();
    }

    /** The daemons of the other nodes and of the provider switch (node 0's are {@link LabDaemon}s). */
    List<DaemonProcess> daemons() {
        List<DaemonProcess> all = new ArrayList<>();
        others.forEach(o -> all.addAll(o.daemons()));
        if (provider != null) {
            all.addAll(provider.daemons());
        }
        return all;
    }

    boolean running() {
        return daemons().stream().allMatch(d -> d.pid().isPresent());
    }

    /**
     * Stops the other nodes' and the provider switch's daemons, whatever the configuration says: a lab that failed
     * half-way or ran with more nodes before leaves nothing behind. Node 0 is {@link Lab}'s.
     */
    void stop() {
        String dp = nodes.getFirst().datapathType();
        List<Runnable> steps = new ArrayList<>();
        for (int i = 1; i < NodeOptions.MAX; i++) {
            NodeDaemons node = new NodeDaemons(config, LabNode.of(config, i, dp));
            steps.add(() -> node.stop(progress));
        }
        steps.add(() -> new ProviderNetwork(config, dp, netns).stop(progress));
        // independent of each other, and each vswitchd takes a while to clean its datapath up
        Parallel.run(steps);
    }

    /** An {@code ovs-vsctl} command against the node's Open_vSwitch database. */
    static List<String> vsctl(LabNode node, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=" + node.ovsdb(), "--timeout=20"));
        cmd.addAll(args);
        return cmd;
    }

    static List<String> vsctl(LabNode node, String... args) {
        return vsctl(node, Arrays.asList(args));
    }

    private void await(String what, BooleanSupplier condition) {
        Wait.upTo(READY_TIMEOUT).until(what + " (daemon logs in " + config.logDir() + ")", condition);
    }

    private Path sbSocket() {
        return config.runDir().resolve("ovnsb_db.sock");
    }
}
