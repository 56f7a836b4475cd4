package io.kubetron.demo;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.config.BackendSettings;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.WebhookCommand;
import io.kubetron.common.retry.Wait;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.emulation.apiserver.AdmissionChain;
import io.kubetron.emulation.kubelet.EmulatedKubelet;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.emulation.scheduler.Scheduler;
import io.kubetron.lab.FreePorts;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.NeutronOptions;
import io.kubetron.lab.NodeOptions;
import io.kubetron.lab.Physnet;
import io.kubetron.lab.Pki;
import io.kubetron.lab.runtime.Containerd;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.PodConditions;
import io.kubetron.model.ResourceNames;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.selection.NetworkSelection;
import io.kubetron.node.agent.NodeAgent;
import io.kubetron.node.agent.NodeAgentSettings;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.Webhook;
import io.kubetron.webhook.select.ClusterDirectory;
import io.kubetron.webhook.server.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kubetron demo}: the original README's "Installation and usage", on the local lab (real OVS/OVN, optionally
 * real Neutron) with an emulated Kubernetes around the real Kubetron parts: networks red and blue (and green on a
 * VLAN of a physical network), the README's two Pods admitted through the real webhook over HTTPS, scheduled by
 * their extended resources, started by emulated kubelets with the real node agent plumbing them; then the
 * annotations, the injected container, the ports, the addresses from OVN's DHCP, pings, deletion, and nothing left.
 */
public final class Demo {
    /** Held so the level sticks: the mock API server logs every request. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String NS = "default";
    /**
     * What the standard-form Pod asks for on red (10.1.0.0/24), or the next address below it that no port holds
     * (Neutron gives the other Pods random addresses).
     */
    private static final int STATIC_HOST = 99;

    private static final String STATIC_MAC = "02:00:0a:01:00:63";
    private final DemoOptions options;
    private final Progress p;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final Map<String, EmulatedKubelet> nodes = new LinkedHashMap<>();
    private final Map<String, String> placement = new LinkedHashMap<>();
    private Lab lab;
    private NamespacedKubernetesClient client;
    private ClusterDirectory directory;
    private NetworkBackend backend;
    private AdmissionChain admission;
    private NodeImages images;

    public Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.p = new Progress(out);
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs the demo; 0 when every step passed. Everything it started is stopped, whatever happened. */
    public int run() {
        try {
            steps();
            p.step("demo finished: every step passed");
            p.ok();
            return 0;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            p.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            return 1;
        } finally {
            cleanUp();
        }
    }

    private void steps() {
        // ports the OS picks: the demo must not meet a lab (or another demo) already running on the defaults
        LabConfig config = LabConfig.named(options.labName())
                .withPorts(FreePorts.next(), FreePorts.next(), FreePorts.next())
                .withNodes(new NodeOptions(options.nodes(), options.physnet()));
        if (options.neutron()) {
            config = config.withNeutron(new NeutronOptions(true, false, FreePorts.next(), FreePorts.next()));
        }
        lab = new Lab(config, msg -> {});
        if (lab.isUp()) {
            throw new IllegalStateException("a lab named " + options.labName() + " is running already: stop it with "
                    + "'kubetron lab down --name " + options.labName() + "' or pick another --name");
        }
        String what = options.nodes() + " node(s), each with its own Open vSwitch (userspace datapath) and "
                + "ovn-controller" + (options.physnet() ? ", a provider network with an external host on VLAN 100" : "")
                + (options.neutron() ? ", neutron-server (ML2/OVN)" : "");
        p.run("lab up: OVN NB/SB/northd, " + what, () -> lab.up());

        images = p.run(
                "images built locally, no registry: pause (sandboxes), hold (the injected container), busybox "
                        + "application",
                () -> NodeImages.build(options.dir().resolve("images")));
        p.detail("pause " + images.pause().id().substring(0, 19) + ", hold "
                + images.hold().id().substring(0, 19) + ", app "
                + images.app().id().substring(0, 19));
        p.run("emulated Kubernetes API server (fabric8 mock server, CRUD)", this::startApi);
        backend = p.run(
                "backend: " + (options.neutron() ? "Neutron (HTTPS)" : "OVN Northbound (direct)"), this::openBackend);
        p.run(
                "webhook on HTTPS, called as an API server calls it (deploy/webhook/mutatingwebhookconfiguration.yaml)",
                this::startWebhook);
        int mtu = options.nodes() > 1 ? NodeOptions.TUNNEL_POD_MTU : 1500;
        for (LabNode n : lab.nodes()) {
            p.run(
                    "node " + n.name() + ": containerd + runc (CRI, CNI bridge for the primary network), the "
                            + "kubelet (device-plugin and PodResources APIs, CRI client) and the Kubetron node agent",
                    () -> startNode(n, mtu));
        }
        String resources = nodes.values().iterator().next().view().free().keySet().stream()
                .sorted()
                .collect(Collectors.joining(", "));
        p.detail("each node advertises " + resources);

        Network red = p.run(
                "kubetron network create red --subnet 10.1.0.0/24", () -> network("red", "10.1.0.0/24", null, null));
        Network blue = p.run(
                "kubetron network create blue --subnet 10.2.0.0/24", () -> network("blue", "10.2.0.0/24", null, null));
        Optional<Physnet> phys = lab.physnet();
        if (options.physnet()) {
            Physnet ph = phys.orElseThrow();
            p.run(
                    "kubetron network create green --physnet " + ph.network() + " --vlan " + ph.vlan() + " --subnet "
                            + ph.cidr(),
                    () -> network("green", ph.cidr(), ph.network(), ph.vlan()));
        }

        List<String> names = new ArrayList<>(List.of("red", "blue"));
        if (options.physnet()) {
            names.add("green");
        }
        p.run(
                "kubectl apply: Network objects " + String.join(", ", names) + " adopting those backend networks, "
                        + "namespaceSelector {} (Pods of every namespace may join; kubectl get networks)",
                () -> applyNetworks(names));

        List<Pod> pods = examplePods();
        List<Pod> created = new ArrayList<>();
        for (Pod pod : pods) {
            created.add(admitAndCreate(pod));
        }
        for (Pod pod : created) {
            schedule(pod);
        }
        for (Pod pod : created) {
            start(pod);
        }
        showPorts();
        Map<String, Map<String, String>> addresses = new LinkedHashMap<>();
        for (Pod pod : created) {
            addresses.put(pod.getMetadata().getName(), showAddresses(pod));
        }
        Pod pod1 = created.get(0);
        Pod pod2 = created.get(1);
        for (Network n : List.of(red, blue)) {
            String to = addresses.get(pod2.getMetadata().getName()).get(n.name());
            p.run(
                    "ping " + pod1.getMetadata().getName() + " -> "
                            + pod2.getMetadata().getName() + " on " + n.name() + " (" + to + ")"
                            + crossNode(pod1, pod2),
                    () -> ping(pod1, to));
        }
        if (options.physnet()) {
            Physnet ph = phys.orElseThrow();
            p.run(
                    "ping " + pod1.getMetadata().getName() + " -> external host " + ph.externalHostAddress()
                            + " on green (VLAN " + ph.vlan() + " of " + ph.network() + ")",
                    () -> ping(pod1, ph.externalHostAddress()));
        }
        String staticIp = freeRedAddress();
        Pod fixed = admitAndCreate(standardPod(staticIp));
        created.add(fixed);
        schedule(fixed);
        start(fixed);
        String fixedAddress = showAddresses(fixed).values().iterator().next();
        if (!fixedAddress.equals(staticIp)) {
            throw new IllegalStateException(
                    fixed.getMetadata().getName() + " has " + fixedAddress + ", not the " + staticIp + " it asked for");
        }
        String red1 = addresses.get(pod1.getMetadata().getName()).get("red");
        p.run(
                "ping " + fixed.getMetadata().getName() + " -> "
                        + pod1.getMetadata().getName() + " on red (" + red1 + ")" + crossNode(fixed, pod1),
                () -> ping(fixed, red1));
        for (Pod pod : created) {
            delete(pod);
        }
        p.run("no port, OVS interface or veth left", this::checkNothingLeft);
        for (Network n : backend.listNetworks()) {
            if (List.of("red", "blue", "green").contains(n.name())) {
                backend.deleteNetwork(n.id());
            }
        }
    }

    private void startApi() {
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        running.add(server::destroy);
        client = server.createClient();
        running.add(0, client);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .addToLabels("kubernetes.io/metadata.name", NS)
                        .endMetadata()
                        .build())
                .create();
    }

    private NetworkBackend openBackend() {
        Map<String, String> env = new LinkedHashMap<>(lab.endpoints().variables(lab.config()));
        NetworkBackend b = Backends.open(BackendSettings.fromMap(env, options.neutron() ? "neutron" : "ovn"));
        running.add(b);
        return b;
    }

    private void startWebhook() {
        Pki pki = Pki.createCa(options.dir().resolve("pki"), "kubetron-demo-ca");
        Pki.Identity id = pki.issue("webhook");
        // the lifecycle controller beside the webhook, as `kubetron webhook` runs it: it releases a Pod's ports when
        // the Pod is gone, and follows up each admission
        LifecycleController lifecycle = ClusterParts.lifecycle(client, backend, "kubetron-webhook-demo");
        running.add(0, lifecycle);
        Webhook w;
        try {
            // names resolve as `kubetron webhook` resolves them by default (--networks-from cluster): Network
            // objects and NetworkAttachmentDefinitions, whose namespaceSelector says who may join
            directory = ClusterDirectory.start(client, Duration.ofSeconds(30));
            running.add(0, directory);
            w = Webhook.start(
                    backend,
                    ClusterParts.admission(AdmissionSettings.defaults().withInjection(options.injection()), lab),
                    ServerSettings.of(new InetSocketAddress("127.0.0.1", 0), id.certificate(), id.privateKey()),
                    WebhookCommand.followUp(lifecycle),
                    directory);
        } catch (Exception e) {
            throw new IllegalStateException("webhook did not start: " + e.getMessage(), e);
        }
        running.add(0, w);
        MutatingWebhookConfiguration config =
                resource("/deploy/webhook/mutatingwebhookconfiguration.yaml", MutatingWebhookConfiguration.class);
        admission = new AdmissionChain(
                config,
                URI.create("https://127.0.0.1:" + w.address().getPort()),
                TlsContexts.trusting(id.caCertificate()));
    }

    private void startNode(LabNode n, int mtu) {
        Containerd containerd = images.startRuntime(lab, n, line -> {});
        running.add(0, containerd);
        EmulatedKubelet kubelet = EmulatedKubelet.start(n, client, options.dir().resolve("nodes"), containerd);
        running.add(0, kubelet);
        nodes.put(n.name(), kubelet);
        running.add(
                0,
                NodeAgent.start(
                        NodeAgentSettings.fromMap(ClusterParts.agentSettings(
                                n,
                                kubelet,
                                options.dir().resolve("nodes").resolve(n.name()).resolve("state"),
                                mtu,
                                lab.signingKeys())),
                        client));
        kubelet.awaitResources(ResourceNames.DEFAULT_NAMESPACE, Duration.ofSeconds(30));
    }

    private Network network(String name, String cidr, String physnet, Integer vlan) {
        return backend.createNetwork(
                new NetworkSpec(name, new NetworkSpec.SubnetSpec(cidr, null, List.of()), physnet, vlan));
    }

    /** The README's Pods; with --physnet the first one also asks for green. */
    private List<Pod> examplePods() {
        KubernetesList list = resource("/deploy/example-kubetron-pods.yaml", KubernetesList.class);
        List<Pod> out = new ArrayList<>();
        for (HasMetadata item : list.getItems()) {
            Pod pod = (Pod) item;
            pod.getMetadata().setNamespace(NS);
            // the README's busybox, as the locally built busybox image (nothing can be pulled here)
            pod.getSpec().getContainers().forEach(c -> c.setImage(images.appReference()));
            if (options.physnet() && out.isEmpty()) {
                pod.getMetadata().getAnnotations().merge(Annotations.NETWORKS, "green", (a, b) -> a + ", " + b);
            }
            out.add(pod);
        }
        return out;
    }

    /** The Network objects standing for the backend networks the demo made, as an administrator applies them. */
    private void applyNetworks(List<String> names) {
        for (String name : names) {
            AdoptedNetwork adopt = new AdoptedNetwork();
            adopt.setName(name);
            io.kubetron.model.network.Network n = io.kubetron.model.network.Network.named(name);
            n.setSpec(io.kubetron.model.network.NetworkSpec.adopting(adopt, new LabelSelector()));
            client.resource(n).create();
        }
        Wait.upTo(Duration.ofSeconds(10))
                .every(Duration.ofMillis(50))
                .until(
                        "the webhook to see the Networks",
                        () -> names.stream().allMatch(n -> directory.network(n).isPresent()),
                        () -> "it sees none of " + names);
    }

    /**
     * A Pod asking the Network Plumbing WG's way, in the JSON form, for a fixed address, MAC and interface name on
     * red.
     */
    private String freeRedAddress() {
        java.util.Set<String> held = new HashSet<>();
        backend.listOwnedPorts(OwnerFilter.ALL).forEach(port -> held.addAll(port.fixedIps()));
        for (int host = STATIC_HOST; host > 1; host--) {
            if (!held.contains("10.1.0." + host)) {
                return "10.1.0." + host;
            }
        }
        throw new IllegalStateException("red has no free address left");
    }

    private Pod standardPod(String ip) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("static")
                .withNamespace(NS)
                .addToAnnotations(
                        NetworkSelection.ANNOTATION,
                        "[{\"name\":\"red\",\"interface\":\"data0\",\"mac\":\"" + STATIC_MAC + "\",\"ips\":[\"" + ip
                                + "/24\"]}]")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(images.appReference())
                // as PID 1, a plain sleep ignores SIGTERM and the deletion would wait out its grace period
                .withCommand("sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done")
                .endContainer()
                .endSpec()
                .build();
    }

    private Pod admitAndCreate(Pod pod) {
        String name = pod.getMetadata().getName();
        Map<String, String> asked = pod.getMetadata().getAnnotations();
        String selection = asked.containsKey(Annotations.NETWORKS)
                ? "networks: " + asked.get(Annotations.NETWORKS)
                : NetworkSelection.ANNOTATION + ": " + asked.get(NetworkSelection.ANNOTATION);
        Pod admitted = p.run(
                "kubectl create pod " + name + " (" + selection + "): admitted by the webhook",
                () -> admission.create(pod, Map.of("kubernetes.io/metadata.name", NS)));
        Pod created = client.pods().inNamespace(NS).resource(admitted).create();
        p.detail(Annotations.NETWORKS_SPEC + ":");
        NetworksSpec spec =
                NetworksSpec.parse(created.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC));
        spec.ports()
                .forEach((net, port) -> p.detail("  " + net + ": portName=" + port.portName() + " portID="
                        + port.portId() + " macAddress=" + port.macAddress() + " fixedIPs=" + port.fixedIps()));
        List<Container> all = new ArrayList<>(created.getSpec().getContainers());
        if (created.getSpec().getInitContainers() != null) {
            all.addAll(created.getSpec().getInitContainers());
        }
        all.stream()
                .filter(c -> c.getName().equals(AdmissionSettings.DEFAULT_SIDECAR_NAME))
                .forEach(c ->
                        p.detail("injected container " + c.getName() + " image=" + c.getImage() + " args=" + c.getArgs()
                                + " limits="
                                + c.getResources().getLimits().entrySet().stream()
                                        .map(e -> e.getKey() + "=" + e.getValue())
                                        .collect(Collectors.joining(","))
                                + " privileged=" + c.getSecurityContext().getPrivileged()));
        p.detail("readinessGates: "
                + created.getSpec().getReadinessGates().stream()
                        .map(g -> g.getConditionType())
                        .toList());
        return created;
    }

    private void schedule(Pod pod) {
        String name = pod.getMetadata().getName();
        Map<String, Long> wants = Scheduler.requests(pod, ResourceNames.DEFAULT_NAMESPACE + "/");
        List<Scheduler.NodeView> views = new ArrayList<>();
        for (EmulatedKubelet n : nodes.values()) {
            Scheduler.NodeView v = n.view();
            int placed = (int)
                    placement.values().stream().filter(x -> x.equals(n.name())).count();
            views.add(new Scheduler.NodeView(v.name(), v.free(), placed));
        }
        StringBuilder why = new StringBuilder();
        String node = Scheduler.pick(wants, views, why)
                .orElseThrow(() -> new IllegalStateException("Pod " + name + " is unschedulable: " + why));
        client.pods()
                .inNamespace(NS)
                .withName(name)
                .edit(x -> new PodBuilder(x)
                        .editSpec()
                        .withNodeName(node)
                        .endSpec()
                        .build());
        placement.put(name, node);
        p.step("schedule " + name + " -> " + node + " (requests " + wants + ")");
        p.ok();
    }

    private void start(Pod pod) {
        String name = pod.getMetadata().getName();
        EmulatedKubelet node = nodes.get(placement.get(name));
        Pod current = client.pods().inNamespace(NS).withName(name).get();
        String order = current.getSpec().getInitContainers() == null
                        || current.getSpec().getInitContainers().isEmpty()
                ? "the request container is last, so the application may start before its networks; the readiness "
                        + "gate keeps the Pod unready until they are there"
                : "the request container is the first init container: no application container starts before the "
                        + "networks";
        p.run(
                node.name() + " kubelet: allocate devices, create the sandbox, start the containers in order; the "
                        + "request container's PreStartContainer returns once the node agent plumbed the networks ("
                        + order
                        + ")",
                () -> node.run(current, ResourceNames.DEFAULT_NAMESPACE));
        p.step(name + " Ready (readiness gate " + PodConditions.NETWORKS_READY + " True)");
        Wait.upTo(READY_TIMEOUT)
                .every(Duration.ofMillis(100))
                .until(
                        name + " Ready",
                        () -> node.syncReady(NS, name),
                        () -> "its conditions: "
                                + client.pods()
                                        .inNamespace(NS)
                                        .withName(name)
                                        .get()
                                        .getStatus()
                                        .getConditions());
        p.ok();
    }

    private void showPorts() {
        p.run("kubetron port list: the backend's ports, each with its owner", () -> {
            for (BackendPort port : backend.listOwnedPorts(OwnerFilter.ALL)) {
                p.detail(port.name() + "  network=" + port.networkName() + "  mac=" + port.macAddress()
                        + "  ip=" + port.fixedIps() + "  owner=" + port.owner().namespace() + "/"
                        + port.owner().podName());
            }
        });
    }

    /** network name -> address, from inside the Pod (as kubectl exec ... ip addr would show). */
    private Map<String, String> showAddresses(Pod pod) {
        String name = pod.getMetadata().getName();
        Pod now = client.pods().inNamespace(NS).withName(name).get();
        NetworksSpec spec =
                NetworksSpec.parse(now.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC));
        Sandbox sandbox =
                nodes.get(placement.get(name)).sandbox(now.getMetadata().getUid());
        Map<String, String> out = new LinkedHashMap<>();
        p.run("kubectl exec " + name + " -- ip -4 addr (addresses from OVN's DHCP)", () -> {
            spec.ports().forEach((net, port) -> {
                String line = sandbox.exec("ip", "-4", "-o", "addr", "show", "dev", port.portName())
                        .orThrow()
                        .stdout()
                        .strip();
                String ip = line.replaceAll(".*inet (\\S+)/.*", "$1");
                if (!port.fixedIps().contains(ip)) {
                    throw new IllegalStateException(
                            name + " " + port.portName() + " has " + ip + ", not its port's " + port.fixedIps());
                }
                out.put(net, ip);
                p.detail(net + ": "
                        + line.replaceAll("\\\\.*", "").replaceAll("\\s+", " ").strip());
            });
            p.detail(Annotations.NETWORK_STATUS + ": "
                    + now.getMetadata().getAnnotations().get(Annotations.NETWORK_STATUS));
        });
        return out;
    }

    private String crossNode(Pod a, Pod b) {
        String na = placement.get(a.getMetadata().getName());
        String nb = placement.get(b.getMetadata().getName());
        return na.equals(nb) ? ", same node" : ", " + na + " to " + nb + " through a Geneve tunnel";
    }

    private void ping(Pod from, String to) {
        Sandbox s = nodes.get(placement.get(from.getMetadata().getName()))
                .sandbox(from.getMetadata().getUid());
        var r = s.exec("busybox", "ping", "-c", "3", "-W", "2", to);
        String summary = r.stdout()
                .lines()
                .filter(l -> l.contains("packets transmitted") || l.contains("round-trip"))
                .collect(Collectors.joining("; "));
        if (!r.ok()) {
            throw new IllegalStateException(
                    "ping " + to + " failed: " + summary + r.stderr().strip());
        }
        p.detail(summary);
    }

    private void delete(Pod pod) {
        String name = pod.getMetadata().getName();
        Pod now = client.pods().inNamespace(NS).withName(name).get();
        String uid = now.getMetadata().getUid();
        EmulatedKubelet node = nodes.get(placement.get(name));
        Set<String> ports = new HashSet<>();
        NetworksSpec.parse(now.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC))
                .ports()
                .values()
                .forEach(x -> ports.add(x.portId()));
        p.run(
                "kubectl delete pod " + name + ": the kubelet stops the sandbox, the object goes, the agent unplugs, "
                        + "the lifecycle controller deletes the ports",
                () -> {
                    client.pods().inNamespace(NS).withName(name).delete();
                    node.stop(uid);
                    Wait.upTo(Duration.ofSeconds(30))
                            .every(Duration.ofMillis(100))
                            .until(
                                    "the node agent and the lifecycle controller to remove " + name
                                            + "'s interfaces and ports",
                                    () -> agentInterfaces(node.labNode(), uid).isEmpty()
                                            && backend.listOwnedPorts(OwnerFilter.ALL).stream()
                                                    .noneMatch(x -> ports.contains(x.id())));
                });
    }

    private List<String> agentInterfaces(LabNode n, String uid) {
        String out =
                lab.vsctl(n, "--bare", "--columns=name", "find", "Interface", "external_ids:kubetron\\:pod-uid=" + uid);
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private void checkNothingLeft() {
        List<BackendPort> ports = backend.listOwnedPorts(OwnerFilter.ALL);
        if (!ports.isEmpty()) {
            throw new IllegalStateException(
                    "ports left: " + ports.stream().map(BackendPort::name).toList());
        }
        long interfaces = 0;
        long veths = 0;
        for (LabNode n : lab.nodes()) {
            interfaces += lab.vsctl(
                            n,
                            "--bare",
                            "--columns=name",
                            "find",
                            "Interface",
                            "external_ids:kubetron\\:creator=kubetron-node")
                    .lines()
                    .filter(l -> !l.isBlank())
                    .count();
            veths += lab.netns()
                    .exec(n.netns(), "ip", "-o", "link", "show", "type", "veth")
                    .orThrow()
                    .stdout()
                    .lines()
                    .filter(l -> l.matches("\\d+: kt[a-z0-9]{13}@.*"))
                    .count();
        }
        long sandboxes = nodes.values().stream()
                .mapToLong(k -> k.runtimeSandboxes().size())
                .sum();
        if (interfaces + veths + sandboxes > 0) {
            throw new IllegalStateException(
                    interfaces + " OVS interfaces, " + veths + " veths and " + sandboxes + " sandboxes left");
        }
        p.detail("backend ports owned by Kubetron: 0; OVS interfaces of the node agents: 0; veths: 0; "
                + "containerd sandboxes: 0");
    }

    private <T> T resource(String path, Class<T> type) {
        try (InputStream in = Demo.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not in the kubetron jar");
            }
            return serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops everything in reverse order of start, then the lab: nothing of the demo stays. */
    private void cleanUp() {
        p.step("clean up: node agents, kubelets, webhook, API server, lab down");
        List<String> problems = new ArrayList<>();
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                problems.add(e.toString());
            }
        }
        running.clear();
        if (lab != null && lab.isUp()) {
            try {
                lab.down();
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            p.step("done: nothing of the demo is left (lab down: processes, namespaces and files gone)");
            p.ok();
        } else {
            p.failed(String.join("; ", problems));
        }
    }
}
