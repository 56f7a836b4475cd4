package io.kubetron.emulation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.MultiNodeLab;
import io.kubetron.testkit.OwnLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sandboxes as each node's kubelet lays them out. */
@ExtendWith(LabExtension.class)
@OwnLab
@MultiNodeLab(nodes = 2)
class PodSandboxIT {

    @Test
    void aSandboxOnAnotherNodeSitsUnderThatNodesKubeletCgroups(Lab lab) throws Exception {
        LabNode node1 = lab.nodes().get(1);
        try (PodSandbox s = PodSandbox.start(lab, "mnsb", node1)) {
            assertThat(s.node()).isEqualTo(node1);
            assertThat(Files.readString(Path.of("/proc", Long.toString(s.pid()), "cgroup")))
                    .contains("/" + lab.config().namespacePrefix() + "node1-kubepods/besteffort/pod" + s.uid() + "/");
        }
    }

    @Test
    void theSystemdDriverNamesSlicesAndScopesWithTheUidEscaped(Lab lab) throws Exception {
        String uid = UUID.randomUUID().toString();
        try (PodSandbox s =
                PodSandbox.start(lab, "sdsb", lab.nodes().getFirst(), uid, PodSandbox.Options.CONTAINERD_SYSTEMD)) {
            String p = lab.config().namespacePrefix() + "kubepods";
            assertThat(Files.readString(Path.of("/proc", Long.toString(s.pid()), "cgroup")))
                    .contains("/" + p + ".slice/" + p + "-burstable.slice/" + p + "-burstable-pod"
                            + uid.replace('-', '_') + ".slice/cri-containerd-");
        }
    }

    @Test
    void aSandboxWithoutInfraProcessHasItsNamespaceButNoProcessUntilAContainerStarts(Lab lab) throws Exception {
        try (PodSandbox s = PodSandbox.start(
                lab,
                "nisb",
                lab.nodes().getFirst(),
                UUID.randomUUID().toString(),
                PodSandbox.Options.CRIO_WITHOUT_INFRA)) {
            assertThat(s.pid()).isEqualTo(-1);
            assertThat(s.exec("ip", "link", "show", "lo").ok()).isTrue();
            long pid = s.startContainer("app");
            assertThat(s.pid()).isEqualTo(pid);
            Object pinned = Files.getAttribute(Path.of("/run/netns", s.namespace()), "unix:ino");
            assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"))
                            .toString())
                    .as("the container's process is in the pinned namespace")
                    .isEqualTo("net:[" + pinned + "]");
        }
    }

    @Test
    void aProgramInAContainerCgroupNamespaceSeesOtherPodsRelativeToItsOwnCgroup(Lab lab) throws Exception {
        try (PodSandbox s = PodSandbox.start(lab, "cnsb");
                ContainerCgroupNamespace c = ContainerCgroupNamespace.create(lab, "reader")) {
            Process p = new ProcessBuilder(c.wrap(List.of("cat", "/proc/" + s.pid() + "/cgroup", "/proc/self/cgroup")))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).isZero();
            assertThat(out)
                    .contains("0::/../../../besteffort/pod" + s.uid() + "/")
                    .doesNotContain("kubepods/besteffort")
                    .contains("0::/\n");
        }
    }
}
