package io.kubetron.cli.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubetron.node.agent.ConfigFile;
import io.kubetron.node.agent.NodeAgent;
import io.kubetron.node.agent.NodeAgentSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubetron node-agent}: the per-node agent (docs/node-agent.md). Settings come from the defaults, then the
 * config file, then {@code $NODE_NAME} (unless the file names the node), then the flags; all are validated before
 * anything starts. Runs until SIGTERM/SIGINT; the Pods keep
 * their interfaces when it stops.
 */
@Command(
        name = "node-agent",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run the node agent: device plugin and Pod interfaces on br-int.",
        footer = {
            "%nEvery flag can also be set in the --config file (YAML, the flag's name without --: "
                    + "'concurrency: 8'). Flags win over the file."
        })
public final class NodeAgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgentCommand.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (flat; keys = flag names).")
    Path config;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            description = "This node's name (default: $NODE_NAME). Only Pods bound to it are plumbed.")
    String nodeName;

    @Option(
            names = "--ovsdb",
            paramLabel = "ENDPOINT",
            description = "Local Open_vSwitch database (default: unix:/var/run/openvswitch/db.sock).")
    String ovsdb;

    @Option(names = "--bridge", paramLabel = "NAME", description = "Integration bridge (default: br-int).")
    String bridge;

    @Option(
            names = "--device-plugin-dir",
            paramLabel = "DIR",
            description = "Kubelet device-plugins directory (default: /var/lib/kubelet/device-plugins).")
    String devicePluginDir;

    @Option(
            names = "--pod-resources-socket",
            paramLabel = "PATH",
            description = "Kubelet PodResources socket (default: /var/lib/kubelet/pod-resources/kubelet.sock).")
    String podResourcesSocket;

    @Option(
            names = "--ovn-rundir",
            paramLabel = "DIR",
            description = "ovn-controller's run directory, for its liveness (default: /var/run/ovn).")
    String ovnRundir;

    @Option(
            names = "--datapath-netns",
            paramLabel = "PATH",
            description = "Network namespace of the OVS datapath and the veths' host ends (default: the agent's own).")
    String datapathNetns;

    @Option(
            names = "--address-mode",
            paramLabel = "dhcp|static",
            description = "dhcp: OVN's DHCP inside the Pod; static: the port's fixed IP (default: dhcp).")
    String addressMode;

    @Option(names = "--concurrency", paramLabel = "N", description = "Pods plumbed at once at most (default: 4).")
    String concurrency;

    @Option(
            names = "--resync",
            paramLabel = "DURATION",
            description = "Full comparison of the node with its Pods every DURATION (default: 60s).")
    String resync;

    @Option(names = "--mtu", paramLabel = "BYTES", description = "MTU of the Pods' interfaces (default: 1500).")
    String mtu;

    @Option(
            names = "--install-timeout",
            paramLabel = "DURATION",
            description = "Wait at most this for ovn-controller to install a port (default: 30s).")
    String installTimeout;

    @Option(names = "--dhcp-attempts", paramLabel = "N", description = "DHCP discovers, 1 s apart (default: 5).")
    String dhcpAttempts;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = "The agent's own files (default: /var/run/kubetron).")
    String stateDir;

    @Option(names = "--proc", paramLabel = "DIR", description = "The host's /proc (default: /proc).")
    String proc;

    @Option(
            names = "--metrics-address",
            paramLabel = "HOST:PORT",
            description =
                    "/metrics, /healthz and /readyz over HTTP (port 0: any free one), or off (default: 0.0.0.0:9465).")
    String metricsAddress;

    @Option(
            names = "--resource-namespace",
            paramLabel = "DOMAIN",
            description = "Prefix of the extended resources (default: kubetron.network.kubevirt.io).")
    String resourceNamespace;

    @Option(
            names = "--main-devices",
            paramLabel = "N",
            description = "Devices of <ns>/main: Pods per node (default: 1000).")
    String mainDevices;

    @Option(
            names = "--devices-per-resource",
            paramLabel = "N",
            description = "Devices of overlay and each physnet: attachments per node (default: 100).")
    String devicesPerResource;

    @Option(
            names = "--health-interval",
            paramLabel = "DURATION",
            description = "How often ovn-controller's liveness is probed (default: 5s).")
    String healthInterval;

    @Option(
            names = "--pre-start",
            paramLabel = "true|false",
            description = "Hold the start of the container requesting <ns>/main until the Pod's networks are ready "
                    + "(PreStartContainer; default: true).")
    String preStart;

    @Option(
            names = "--field-selector",
            paramLabel = "true|false",
            description = "Watch only this node's Pods (spec.nodeName field selector); false for API servers that "
                    + "cannot filter on it, then every Pod is watched and filtered here (default: true).")
    String fieldSelector;

    @Spec
    CommandSpec spec;

    /**
     * The file's settings, then $NODE_NAME, then the flags: every option but --config is a setting of the same name
     * (without {@code --}), so the flags are read from the command's model rather than one by one.
     */
    Map<String, String> merged() {
        Map<String, String> m = new LinkedHashMap<>();
        if (config != null) {
            m.putAll(ConfigFile.read(config));
        }
        if (System.getenv("NODE_NAME") != null && !m.containsKey("node-name")) {
            m.put("node-name", System.getenv("NODE_NAME"));
        }
        for (OptionSpec o : spec.options()) {
            String name = o.longestName();
            if (name.startsWith("--")
                    && !name.equals("--config")
                    && !o.usageHelp()
                    && !o.versionHelp()
                    && o.getValue() != null) {
                m.put(name.substring(2), o.getValue().toString());
            }
        }
        return m;
    }

    @Override
    @SuppressWarnings("try") // the agent runs until the try closes it: its body has no use for it
    public Integer call() throws Exception {
        NodeAgentSettings settings = NodeAgentSettings.fromMap(merged());
        // the shutdown hook wakes this thread and holds the JVM until the try below has closed everything
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try {
            try (KubernetesClient client = new KubernetesClientBuilder().build();
                    NodeAgent agent = NodeAgent.start(settings, client)) {
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    LOG.info("node agent stopping");
                                    stopping.countDown();
                                    awaitQuietly(closed);
                                },
                                "kubetron-node-shutdown"));
                stopping.await();
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
