package io.kubetron.node.bench;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.emulation.cri.CriSandbox;
import io.kubetron.emulation.cri.LabRuntime;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import io.kubetron.testkit.signing.TestSigning;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Everything the benchmark starts and must remove: its own lab (OVN + OVS, userspace datapath), its own fabric8 mock
 * API server (CRUD, TLS), the OVN backend with two networks, ports and Pods as the webhook and the API server make
 * them, sandboxes as the kubelet makes them, and the agent processes it launches. {@link #close()} removes all of it
 * (idempotent; also run by a shutdown hook on Ctrl-C). Thread-safe where the phases need it (Pod and sandbox
 * creation from several threads).
 */
final class BenchEnv implements AutoCloseable {
    static final String NAMESPACE = "default";
    static final String NODE = "nbench-node";
    /** Held, so the level sticks: the mock server logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final Lab lab;
    final Path dir;
    private final Set<String> portIds = ConcurrentHashMap.newKeySet();
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private KubernetesMockServer server;
    KubernetesClient client;
    NetworkBackend backend;
    OvsdbClient ovs;
    Replica vswitch;
    Network red;
    Network blue;
    PodWatch watch;
    RawPlumbing raw;
    /** The node's real containerd: the Pods' sandboxes are made over CRI, as the kubelet has them made. */
    private LabRuntime runtime;

    private BenchEnv(Lab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /** Starts the lab, the API server, the backend and its two networks; on failure removes what it started. */
    static BenchEnv start(String labName) throws IOException {
        Lab lab = new Lab(LabConfig.named(labName).withPorts(freePort(), freePort(), freePort()), line -> {});
        BenchEnv env = new BenchEnv(lab, Files.createTempDirectory("kubetron-" + labName + "-"));
        Thread hook = new Thread(env::close, "nbench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            env.init();
            return env;
        } catch (RuntimeException e) {
            env.close();
            throw e;
        }
    }

    private void init() {
        lab.up();
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), true);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        backend = Backends.open(BackendSettings.fromMap(
                Map.of("KUBETRON_OVN_NB", lab.endpoints().nb()), "ovn"));
        ovs = OvsdbClient.connect(lab.endpoints().ovs());
        vswitch = Replica.start(ovs, VswitchOps.DB, VswitchOps.monitorAll());
        red = backend.createNetwork(
                new NetworkSpec("nb-red", new NetworkSpec.SubnetSpec("10.91.0.0/16", null, List.of()), null, null));
        blue = backend.createNetwork(
                new NetworkSpec("nb-blue", new NetworkSpec.SubnetSpec("10.92.0.0/16", null, List.of()), null, null));
        watch = new PodWatch(client, NAMESPACE);
        raw = new RawPlumbing(dir, lab.config().hostNamespace(), lab.endpoints().ovs());
        runtime = LabRuntime.start(lab, lab.nodes().getFirst(), NODE);
    }

    /** A client of its own for an agent (so its requests do not queue behind the benchmark's). */
    KubernetesClient newClient() {
        return server.createClient();
    }

    String masterUrl() {
        return client.getConfiguration().getMasterUrl();
    }

    /** The agent's settings a DaemonSet would give, pointed at the lab; everything else the defaults. */
    Map<String, String> agentSettings(Path agentDir) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node-name", NODE);
        m.put("ovsdb", lab.endpoints().ovs());
        m.put("datapath-netns", "/run/netns/" + lab.config().hostNamespace());
        m.put("ovn-rundir", lab.config().runDir().toString());
        m.put("device-plugin-dir", agentDir.resolve("device-plugins").toString());
        m.put(
                "pod-resources-socket",
                agentDir.resolve("pod-resources/kubelet.sock").toString());
        m.put("state-dir", agentDir.resolve("state").toString());
        m.put(
                "signing-keys",
                TestSigning.writeTo(agentDir.resolve("signing-keys")).toString());
        m.put("metrics-address", "127.0.0.1:0"); // the default 0.0.0.0:9465 may be taken on a shared machine
        m.put("field-selector", "false"); // the mock API server answers a spec.nodeName selector with nothing
        return m;
    }

    /** One Pod's worth of ports (red and blue), made as the webhook makes them: before the Pod, without its uid. */
    final class PodCase {
        final String name;
        final List<BackendPort> ports = new ArrayList<>();
        volatile String uid;
        volatile Pod pod;
        volatile CriSandbox sandbox;

        PodCase(String name) {
            this.name = name;
            for (Network n : List.of(red, blue)) {
                BackendPort p = backend.createPort(new PortRequest(
                        n,
                        n.name().substring(3, 6) + "-" + name,
                        new PortOwner(NAMESPACE, name, null, null, null),
                        null,
                        null));
                portIds.add(p.id());
                ports.add(p);
            }
        }

        /** The networksSpec annotation as the webhook writes it (with the network's MTU and subnets). */
        String specJson() {
            Map<String, NetworksSpec.Port> m = new LinkedHashMap<>();
            for (int i = 0; i < ports.size(); i++) {
                BackendPort p = ports.get(i);
                Network n = i == 0 ? red : blue;
                m.put(
                        n.name(),
                        new NetworksSpec.Port(
                                p.name(),
                                p.id(),
                                p.macAddress(),
                                p.fixedIps(),
                                n.mtu(),
                                n.subnets().stream().map(Network.Subnet::cidr).toList()));
            }
            return NetworksSpec.of(m).toJson();
        }
    }

    PodCase newCase(String name) {
        return new PodCase(name);
    }

    /** The Pod in the API, bound to the node, with the webhook's annotation and readiness gate. */
    void createPod(PodCase c) {
        Pod pod = client.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(c.name)
                        .withNamespace(NAMESPACE)
                        .addToAnnotations(Annotations.NETWORKS_SPEC, c.specJson())
                        .addToAnnotations(
                                Annotations.NETWORKS_SIGNATURE, TestSigning.sign(NAMESPACE, c.name, c.specJson()))
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(NODE)
                        .addNewContainer()
                        .withName("app")
                        .withImage(LabRuntime.appImage())
                        .endContainer()
                        .addNewReadinessGate()
                        .withConditionType(PodConditions.NETWORKS_READY)
                        .endReadinessGate()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Pending")
                        .endStatus()
                        .build())
                .create();
        c.pod = pod;
        c.uid = pod.getMetadata().getUid();
    }

    /** The sandbox, as the kubelet makes it: for the Pod's uid, or a fresh one when there is no Pod. */
    void startSandbox(PodCase c) {
        Pod pod = c.pod != null
                ? c.pod
                : new PodBuilder()
                        .withNewMetadata()
                        .withName("s" + c.name)
                        .withNamespace(NAMESPACE)
                        .withUid(UUID.randomUUID().toString())
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(NODE)
                        .addNewContainer()
                        .withName("app")
                        .withImage(LabRuntime.appImage())
                        .endContainer()
                        .endSpec()
                        .build();
        c.sandbox = runtime.run(pod);
    }

    /** Whether every interface of the Pod holds its port's fixed IP (one {@code ip} call in the sandbox). */
    boolean addressed(PodCase c) {
        String out = c.sandbox.exec("ip", "-4", "-o", "addr", "show").stdout();
        for (BackendPort p : c.ports) {
            boolean found = false;
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3
                        && f[1].equals(p.name())
                        && line.contains("inet " + p.fixedIps().getFirst() + "/")) {
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** A Pod plumbed by an agent goes: out of the API, sandbox removed, then the agent removes its interfaces. */
    void endAgentPods(Collection<PodCase> cases, Duration timeout) {
        for (PodCase c : cases) {
            client.pods().inNamespace(NAMESPACE).withName(c.name).delete();
        }
        for (PodCase c : cases) {
            closeSandbox(c);
        }
        Set<String> uids = ConcurrentHashMap.newKeySet();
        cases.forEach(c -> uids.add(c.uid));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (agentInterfaces().stream()
                .anyMatch(i -> uids.contains(i.externalIds().get(OwnerKeys.POD_UID)))) {
            if (System.nanoTime() > deadline) {
                System.out.println("  note: the agent had not removed the interfaces of " + cases.size()
                        + " deleted Pod(s) within " + timeout.toSeconds() + " s; removed by the benchmark");
                removeAgentLeftovers();
                break;
            }
            sleep(20);
        }
        cases.forEach(this::deletePorts);
    }

    /** A Pod plumbed by a script goes: its OVS ports (named {@code ovsNames}), its sandbox, its backend ports. */
    void endRawPods(Collection<PodCase> cases, Collection<String> ovsNames) {
        delPorts(ovsNames);
        cases.forEach(this::closeSandbox);
        cases.forEach(this::deletePorts);
    }

    void closeSandbox(PodCase c) {
        CriSandbox s = c.sandbox;
        if (s != null) {
            runtime.remove(s);
            c.sandbox = null;
        }
    }

    private void deletePorts(PodCase c) {
        for (BackendPort p : c.ports) {
            backend.deletePort(p.id());
            portIds.remove(p.id());
        }
    }

    /** Removes OVS ports by name, in one ovs-vsctl call per 100. */
    void delPorts(Collection<String> names) {
        List<String> all = new ArrayList<>(names);
        for (int i = 0; i < all.size(); i += 100) {
            List<String> args = new ArrayList<>();
            for (String n : all.subList(i, Math.min(all.size(), i + 100))) {
                if (!args.isEmpty()) {
                    args.add("--");
                }
                args.addAll(List.of("--if-exists", "del-port", n));
            }
            lab.vsctl(args.toArray(String[]::new));
        }
    }

    /** The OVS interfaces carrying the node agent's owner tag. */
    List<Interface> agentInterfaces() {
        return vswitch.rows(Interface.TABLE).stream()
                .map(Interface::from)
                .filter(i -> OwnerKeys.NODE_CREATOR.equals(i.externalIds().get(OwnerKeys.CREATOR)))
                .toList();
    }

    /** What a stopped or killed agent left: its OVS ports and the host ends of its veths. */
    void removeAgentLeftovers() {
        delPorts(agentInterfaces().stream().map(Interface::name).toList());
        String out = lab.netns()
                .exec(lab.config().hostNamespace(), "ip", "-o", "link", "show", "type", "veth")
                .stdout();
        for (String line : out.split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1) {
                String end = f[1].split("@")[0];
                if (end.matches("kt[a-z0-9]{13}|fb[a-z0-9]{13}")) {
                    lab.netns().exec(lab.config().hostNamespace(), "ip", "link", "del", end);
                }
            }
        }
    }

    /** Until every hypervisor has applied the Northbound changes so far: the next sample starts quiet. */
    void sync() {
        lab.nbctl("--wait=hv", "sync");
    }

    /** The Warning Events of these Pods. */
    List<String> warnings(Collection<String> podNames) {
        Set<String> names = Set.copyOf(podNames);
        List<String> out = new ArrayList<>();
        for (Event e : client.v1().events().inNamespace(NAMESPACE).list().getItems()) {
            if ("Warning".equals(e.getType())
                    && names.contains(e.getInvolvedObject().getName())) {
                out.add(e.getInvolvedObject().getName() + ": " + e.getReason() + ": " + e.getMessage());
            }
        }
        return out;
    }

    void clearEvents() {
        client.v1().events().inNamespace(NAMESPACE).delete();
    }

    /** A process the benchmark started: stopped (by its handle) on close if still running. */
    void register(Process p) {
        processes.add(p);
    }

    /** VmRSS and VmHWM of a process in KiB (-1 when unreadable). */
    static long[] memory(long pid) {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return new long[] {rss, hwm};
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        System.out.println("cleaning up: agent processes, sandboxes, ports, API server, lab "
                + lab.config().name());
        for (Process p : processes) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (watch != null) {
            quietly(watch::close);
        }
        if (runtime != null) {
            quietly(runtime::close);
        }
        if (backend != null) {
            for (String id : List.copyOf(portIds)) {
                quietly(() -> backend.deletePort(id));
            }
            for (Network n : new Network[] {red, blue}) {
                if (n != null) {
                    quietly(() -> backend.deleteNetwork(n.id()));
                }
            }
            quietly(backend::close);
        }
        for (AutoCloseable c : new AutoCloseable[] {vswitch, ovs, client}) {
            if (c != null) {
                quietly(c::close);
            }
        }
        if (server != null) {
            quietly(server::destroy);
        }
        quietly(lab::down); // the lab's OVS, OVN, and every namespace named <lab>-*
        quietly(this::removeCgroups);
        quietly(() -> deleteTree(dir));
    }

    /** The sandboxes' cgroup hierarchy of this lab, if a sandbox could not remove its part. */
    private void removeCgroups() throws IOException {
        Path root = Path.of("/sys/fs/cgroup");
        root = Files.exists(root.resolve("cgroup.controllers")) ? root : root.resolve("unified");
        Path top = root.resolve(lab.config().namespacePrefix() + "kubepods");
        if (Files.isDirectory(top)) {
            try (Stream<Path> s = Files.walk(top)) {
                for (Path p : s.filter(Files::isDirectory)
                        .sorted(Comparator.reverseOrder())
                        .toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void deleteTree(Path d) throws IOException {
        if (Files.exists(d)) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            System.out.println("  cleanup step failed: " + e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static int freePort() {
        return io.kubetron.lab.FreePorts.next();
    }
}
