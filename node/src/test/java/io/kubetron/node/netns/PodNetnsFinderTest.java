package io.kubetron.node.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodNetnsFinderTest {
    private static final String UID = "6f1c2f4e-7d0a-4a53-9a2b-0c6c3f1b2a10";

    @TempDir
    Path proc;

    @Test
    void recognizesTheKubeletsCgroupfsAndSystemdLayouts() {
        assertThat(PodCgroups.belongsTo("0::/kubepods/besteffort/pod" + UID + "/abc123\n", UID))
                .isTrue();
        assertThat(PodCgroups.belongsTo(
                        "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" + UID.replace('-', '_')
                                + ".slice/cri-containerd-abc.scope\n",
                        UID))
                .isTrue();
        assertThat(PodCgroups.belongsTo("12:pids:/kubepods/pod" + UID + "/crio-abc\n", UID))
                .isTrue();
        // v1 hybrid: the v2 line names nothing, a v1 line does
        assertThat(PodCgroups.belongsTo("1:name=systemd:/\n0::/\n", UID)).isFalse();
        assertThat(PodCgroups.belongsTo("0::/kubepods/besteffort/pod" + UID + "x/abc\n", UID))
                .isFalse();
    }

    @Test
    void recognizesPathsRelativeToTheAgentsOwnCgroupNamespace() {
        // what a non-privileged agent reads on a cgroup v2 node (containerd gives it a private cgroup namespace)
        assertThat(PodCgroups.belongsTo("0::/../../pod" + UID + "/abc123\n", UID))
                .isTrue();
        assertThat(PodCgroups.belongsTo(
                        "0::/../../kubepods-besteffort-pod" + UID.replace('-', '_')
                                + ".slice/cri-containerd-abc.scope\n",
                        UID))
                .isTrue();
        assertThat(PodCgroups.belongsTo("0::/../../../besteffort/pod" + UID + "/crio-abc\n", UID))
                .isTrue();
        // the agent's own container, and another Pod's, are not this Pod
        assertThat(PodCgroups.belongsTo("0::/\n", UID)).isFalse();
        assertThat(PodCgroups.belongsTo("0::/../podother/abc\n", UID)).isFalse();
        assertThat(PodCgroups.belongsTo("0::/../../kubepods-pod" + UID + ".slice/x\n", UID))
                .as("the systemd driver writes the UID with underscores")
                .isFalse();
    }

    @Test
    void takesTheOldestProcessOfThePod() throws IOException {
        process(100, "0::/kubepods/besteffort/pod" + UID + "/app\n", 900, "net:[4026532001]");
        process(50, "0::/kubepods/besteffort/pod" + UID + "/pause\n", 500, "net:[4026532001]");
        process(60, "0::/kubepods/besteffort/podother/pause\n", 100, "net:[4026532002]");
        self("net:[4026531992]");
        PodNetns ns = new PodNetnsFinder(proc).find(UID).orElseThrow();
        assertThat(ns.pid()).isEqualTo(50);
        assertThat(ns.id()).isEqualTo("net:[4026532001]");
        assertThat(ns.path().toString()).isEqualTo("/proc/50/ns/net");
    }

    @Test
    void nothingWhileNoProcessOfThePodRuns() throws IOException {
        process(60, "0::/kubepods/besteffort/podother/pause\n", 100, "net:[4026532002]");
        assertThat(new PodNetnsFinder(proc).find(UID)).isEmpty();
    }

    @Test
    void refusesAPodOnTheHostNetwork() throws IOException {
        process(50, "0::/kubepods/besteffort/pod" + UID + "/pause\n", 500, "net:[4026531992]");
        self("net:[4026531992]");
        assertThatThrownBy(() -> new PodNetnsFinder(proc).find(UID))
                .isInstanceOf(PodNetnsFinder.HostNetworkException.class);
    }

    private void process(long pid, String cgroup, long start, String net) throws IOException {
        Path d = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("ns"));
        Files.writeString(d.getParent().resolve("cgroup"), cgroup);
        StringBuilder stat = new StringBuilder(pid + " (sleep x) S");
        for (int i = 4; i <= 21; i++) {
            stat.append(" 0");
        }
        stat.append(' ').append(start).append(" 0 0");
        Files.writeString(d.getParent().resolve("stat"), stat.toString());
        Files.createSymbolicLink(d.resolve("net"), Path.of(net));
    }

    private void self(String net) throws IOException {
        Path d = Files.createDirectories(proc.resolve("self").resolve("ns"));
        Files.createSymbolicLink(d.resolve("net"), Path.of(net));
    }
}
