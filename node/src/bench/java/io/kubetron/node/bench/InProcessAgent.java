package io.kubetron.node.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.emulation.kubelet.KubeletEmulator;
import io.kubetron.emulation.kubelet.PluginView;
import io.kubetron.model.ResourceNames;
import io.kubetron.node.agent.NodeAgent;
import io.kubetron.node.agent.NodeAgentSettings;
import io.kubetron.node.deviceplugin.DevicePluginSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The node agent running in the benchmark's JVM with its default settings pointed at the lab, and the testkit's
 * kubelet emulator it registers its device plugin with (so PreStartContainer can be called as a kubelet does).
 */
final class InProcessAgent implements AutoCloseable {
    static final String MAIN = ResourceNames.qualified(DevicePluginSettings.DEFAULT_NAMESPACE, ResourceNames.MAIN);
    final KubeletEmulator kubelet;
    final NodeAgent agent;
    private final KubernetesClient client;

    private InProcessAgent(KubeletEmulator kubelet, NodeAgent agent, KubernetesClient client) {
        this.kubelet = kubelet;
        this.agent = agent;
        this.client = client;
    }

    static InProcessAgent start(BenchEnv env) {
        Path dir = env.dir.resolve("agent");
        KubeletEmulator kubelet =
                KubeletEmulator.start(dir.resolve("device-plugins"), dir.resolve("pod-resources/kubelet.sock"));
        KubernetesClient client = env.newClient();
        NodeAgent agent;
        try {
            agent = NodeAgent.start(NodeAgentSettings.fromMap(env.agentSettings(dir)), client);
        } catch (RuntimeException e) {
            kubelet.close();
            client.close();
            throw e;
        }
        InProcessAgent a = new InProcessAgent(kubelet, agent, client);
        try {
            kubelet.await(
                    MAIN,
                    v -> v.filter(p -> p.connected() && p.devices().stream().anyMatch(PluginView.DeviceView::healthy))
                            .isPresent(),
                    Duration.ofSeconds(60));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!agent.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agent did not become ready within 60 s");
                }
                BenchEnv.sleep(20);
            }
            return a;
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    /** {@code kubetron_node_attach_duration_seconds} sum (s) and count, from the agent's own metrics. */
    double[] attachSumCount() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
            agent.metrics().write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double sum = Double.NaN;
        double count = Double.NaN;
        for (String line : b.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 2 && f[0].startsWith("kubetron_node_attach_duration_seconds_sum")) {
                sum = Double.parseDouble(f[1]);
            } else if (f.length >= 2 && f[0].startsWith("kubetron_node_attach_duration_seconds_count")) {
                count = Double.parseDouble(f[1]);
            }
        }
        return new double[] {sum, count};
    }

    @Override
    public void close() {
        agent.close();
        kubelet.close();
        client.close();
    }
}
