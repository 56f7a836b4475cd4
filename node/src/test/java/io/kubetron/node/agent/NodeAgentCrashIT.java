package io.kubetron.node.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.Network;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.lab.Lab;
import io.kubetron.model.NetworksSpec;
import io.kubetron.node.status.NetworksReadyCondition;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.testkit.LabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the agent while 20 Pods with two networks each are being plumbed, then a new agent: every Pod
 * converges, and the node holds exactly one OVS interface and one veth per Pod and network.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
class NodeAgentCrashIT {
    private static final int PODS = 20;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private AgentFixture f;
    private Process child;
    private NodeAgent agent;

    @BeforeEach
    void setUp(Lab lab) {
        f = new AgentFixture(lab, client);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (agent != null) {
            agent.close();
        }
        f.close();
    }

    @Test
    void killedMidwayThenRestartedEveryPodConvergesWithNothingLeakedOrDoubled() throws Exception {
        Network red = f.network("kc-red", "10.85.0.0/24");
        Network blue = f.network("kc-blue", "10.86.0.0/24");
        Map<String, NetworksSpec> specs = new LinkedHashMap<>();
        Map<String, Sandbox> sandboxes = new LinkedHashMap<>();
        for (int i = 0; i < PODS; i++) {
            String name = "crash-" + i;
            NetworksSpec spec = f.spec(name, red, blue);
            Pod pod = f.createPod(name, AgentFixture.NODE, spec);
            specs.put(pod.getMetadata().getUid(), spec);
            sandboxes.put(pod.getMetadata().getUid(), f.sandbox("kc" + i + f.suffix, pod));
        }

        Map<String, String> settings = f.settings(dir);
        child = AgentProcess.start(client.getConfiguration().getMasterUrl(), settings, dir.resolve("agent1.log"));
        // kill it in the middle: some Pods done, some in flight, most not started
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> f.allAgentInterfaces().size() >= 6 || !child.isAlive());
        assertThat(child.isAlive())
                .as("agent 1 died by itself: " + Files.readString(dir.resolve("agent1.log")))
                .isTrue();
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        child.waitFor(10, TimeUnit.SECONDS);
        int atKill = f.allAgentInterfaces().size();
        assertThat(atKill).as("killed before it finished").isLessThan(2 * PODS);

        agent = NodeAgent.start(NodeAgentSettings.fromMap(settings), client);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> client.pods().inNamespace("default").list().getItems().stream()
                                .filter(p -> NetworksReadyCondition.of(p)
                                        .filter(c -> c.getStatus().equals("True"))
                                        .isPresent())
                                .count()
                        == PODS);

        List<Interface> owned = f.allAgentInterfaces();
        Set<String> names = new HashSet<>();
        Set<String> ifaceIds = new HashSet<>();
        owned.forEach(i -> names.add(i.name()));
        owned.forEach(i -> ifaceIds.add(i.externalIds().get("iface-id")));
        assertThat(owned).hasSize(2 * PODS).allMatch(Interface::isOvnInstalled);
        assertThat(names).hasSize(2 * PODS);
        assertThat(ifaceIds).as("one OVS interface per port").hasSize(2 * PODS);
        assertThat(new HashSet<>(f.hostEnds()))
                .as("one veth per OVS interface, no stray veth")
                .isEqualTo(names);
        for (var e : specs.entrySet()) {
            Sandbox s = sandboxes.get(e.getKey());
            for (NetworksSpec.Port p : e.getValue().ports().values()) {
                assertThat(s.exec("ip", "-4", "-o", "addr", "show", "dev", p.portName())
                                .orThrow()
                                .stdout())
                        .as(p.portName())
                        .contains("inet " + p.fixedIps().getFirst() + "/24");
            }
        }
        List<String> dhcpLeft = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            dhcpLeft.clear();
            ProcessHandle.allProcesses()
                    .map(h -> h.info().commandLine().orElse(""))
                    .filter(c -> c.contains("udhcpc") && c.contains(dir.toString()))
                    .forEach(dhcpLeft::add);
            return dhcpLeft.isEmpty();
        });
        System.out.printf("crash test: %d of %d interfaces existed at kill -9%n", atKill, 2 * PODS);
    }
}
