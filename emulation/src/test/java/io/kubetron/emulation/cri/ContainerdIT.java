package io.kubetron.emulation.cri;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.kubelet.cri.v1.ContainerConfig;
import io.kubetron.kubelet.cri.v1.ContainerMetadata;
import io.kubetron.kubelet.cri.v1.ImageSpec;
import io.kubetron.kubelet.cri.v1.LinuxPodSandboxConfig;
import io.kubetron.kubelet.cri.v1.PodSandboxConfig;
import io.kubetron.kubelet.cri.v1.PodSandboxMetadata;
import io.kubetron.lab.FileTrees;
import io.kubetron.lab.image.BuiltImage;
import io.kubetron.lab.image.Images;
import io.kubetron.lab.runtime.Containerd;
import io.kubetron.lab.runtime.ContainerdOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A private containerd driven over CRI as the kubelet drives it: a sandbox gets its network namespace and an address
 * from the bridge CNI plugin, its pause process sits in the Pod's cgroup, an application container runs in it and
 * answers exec; after stop and remove, and after the instance stops, nothing of it is left on the host.
 */
class ContainerdIT {
    private static Path dir;
    private static Containerd containerd;
    private static CriClient cri;
    private static BuiltImage pause;
    private static BuiltImage app;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("kubetron-containerd-");
        Images images = new Images(Images.findSources(), dir.resolve("images"));
        pause = images.pause();
        app = images.app();
        containerd = Containerd.start(options(), System.out::println);
        containerd.importImage(pause.archive());
        containerd.importImage(app.archive());
        cri = new CriClient(containerd.socket());
    }

    private static ContainerdOptions options() {
        return options("containerd", "10.244.250.0/24", "kt-it");
    }

    private static ContainerdOptions options(String name, String subnet, String prefix) {
        return new ContainerdOptions(
                dir.resolve(name),
                "docker.io/local/pause:1",
                subnet,
                prefix + "-pods",
                prefix + "-cni0",
                prefix + "-kubepods");
    }

    private static PodSandboxConfig sandboxConfig(String name, String uid, String kubepods) {
        return PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(name)
                        .setNamespace("default")
                        .setUid(uid))
                .putLabels("io.kubernetes.pod.name", name)
                .setLinux(LinuxPodSandboxConfig.newBuilder().setCgroupParent("/" + kubepods + "/besteffort/pod" + uid))
                .build();
    }

    private static ContainerConfig appContainer() {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName("app"))
                .setImage(ImageSpec.newBuilder().setImage(app.reference()))
                .build();
    }

    @AfterAll
    static void tearDown() {
        if (cri != null) {
            cri.close();
        }
        if (containerd != null) {
            containerd.close();
        }
        FileTrees.delete(dir);
    }

    @Test
    void aSandboxGetsANetworkAndRunsAContainerThatAnswersExec() throws IOException {
        String uid = UUID.randomUUID().toString();
        PodSandboxConfig config = sandboxConfig("web", uid, "kt-it-kubepods");
        String sandbox = cri.runPodSandbox(config);
        SandboxStatus status = cri.sandboxStatus(sandbox);
        assertThat(status.ready()).isTrue();
        assertThat(status.ip()).startsWith("10.244.250.");
        assertThat(status.netns()).hasValueSatisfying(p -> assertThat(p).startsWith(dir.toString()));
        assertThat(Files.readString(Path.of("/proc/" + status.pid() + "/cgroup")))
                .contains("/kt-it-kubepods/besteffort/pod" + uid + "/" + sandbox);

        String container = cri.createContainer(sandbox, appContainer(), config);
        cri.startContainer(container);
        CriClient.ExecResult exec =
                cri.execSync(container, List.of("/bin/ip", "-o", "-4", "addr"), Duration.ofSeconds(10));
        assertThat(exec.exitCode()).as(exec.stderr()).isZero();
        assertThat(exec.stdout()).contains("eth0").contains(status.ip() + "/24");

        cri.stopPodSandbox(sandbox);
        cri.removePodSandbox(sandbox);
        assertThat(cri.sandboxes()).doesNotContain(sandbox);
    }

    /**
     * A lab whose JVM died leaves a running sandbox and container behind; stopping the instance from its options alone
     * removes every process, mount, link, cgroup and CNI record it had, and puts the host's forwarding back.
     */
    @Test
    void stoppingAnAbandonedInstanceLeavesNothingOnTheHost() throws IOException {
        ContainerdOptions o = options("abandoned", "10.244.251.0/24", "kt-ab");
        String forwarding = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"));
        Containerd other = Containerd.start(o, System.out::println);
        String uid = UUID.randomUUID().toString();
        long pausePid;
        try (CriClient client = new CriClient(other.socket())) {
            other.importImage(pause.archive());
            other.importImage(app.archive());
            PodSandboxConfig config = sandboxConfig("left", uid, o.kubepods());
            String sandbox = client.runPodSandbox(config);
            client.startContainer(client.createContainer(sandbox, appContainer(), config));
            pausePid = client.sandboxStatus(sandbox).pid();
        }
        assertThat(Path.of("/proc/" + pausePid)).exists();

        Containerd.existing(o).stop(System.out::println);

        assertThat(Path.of("/proc/" + pausePid)).doesNotExist();
        assertThat(processesNaming(o.dir()))
                .as("processes naming the instance's directory")
                .isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
                .doesNotContain(o.dir().toString());
        assertThat(Path.of("/sys/class/net/" + o.bridge())).doesNotExist();
        assertThat(o.dir()).doesNotExist();
        assertThat(Containerd.existing(o).cgroupTops())
                .allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(cniResults(o.networkName())).isEmpty();
        assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"))).isEqualTo(forwarding);
    }

    private static List<Long> processesNaming(Path d) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(pid -> OwnedProcess.cmdline(pid).contains(d.toString()))
                    .toList();
        }
    }

    private static List<Path> cniResults(String network) throws IOException {
        Path results = Path.of("/var/lib/cni/results");
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (var s = Files.list(results)) {
            return s.filter(p -> p.getFileName().toString().startsWith(network + "-"))
                    .toList();
        }
    }
}
