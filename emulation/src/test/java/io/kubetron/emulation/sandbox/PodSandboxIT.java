package io.kubetron.emulation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.testkit.LabExtension;
import io.kubetron.testkit.MultiNodeLab;
import io.kubetron.testkit.OwnLab;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
