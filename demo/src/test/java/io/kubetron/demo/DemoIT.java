package io.kubetron.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test: the whole demo, as {@code sudo ./kubetron demo --physnet} runs it, on its own two-node lab;
 * it must pass every step, show what the original README shows, and leave nothing behind.
 */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void theReadmeWalkThroughPassesOnTwoNodesWithAPhysicalNetworkAndLeavesNothing() throws Exception {
        String name = "e2e" + Long.toHexString(ProcessHandle.current().pid() % 4096);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            rc = new Demo(new DemoOptions(name, 2, true, false, dir), out).run();
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(rc).as(output).isZero();
        assertThat(output)
                .contains("kubetron.network.kubevirt.io/networksSpec:")
                .contains("injected container kubetron-request-sidecart image=ghcr.io/kubetron/hold:0.1.0 args=[")
                .contains("privileged=false")
                .contains("schedule example-kubetron-pod1 -> node0")
                .contains("schedule example-kubetron-pod2 -> node1")
                .contains("example-kubetron-pod1 Ready")
                .contains("network=red")
                .contains("network=blue")
                .contains("network=green")
                .contains("through a Geneve tunnel")
                .contains("ping example-kubetron-pod1 -> external host 192.168.100.100")
                .contains("backend ports owned by Kubetron: 0; OVS interfaces of the node agents: 0; veths: 0")
                .contains("done: nothing of the demo is left")
                .doesNotContain("FAILED");
        // nothing of the lab survives: namespaces, processes
        Process ns = new ProcessBuilder("ip", "netns", "list").start();
        assertThat(new String(ns.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .doesNotContain(name + "-");
        assertThat(ProcessHandle.allProcesses()
                        .map(h -> h.info().commandLine().orElse(""))
                        .filter(c -> c.contains("/tmp/kubetron-" + name + "/")))
                .isEmpty();
    }
}
