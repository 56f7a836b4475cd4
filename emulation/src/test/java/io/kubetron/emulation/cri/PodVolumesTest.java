package io.kubetron.emulation.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.kubetron.kubelet.cri.v1.Mount;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's files of a Pod, in a temporary directory: volumes, hosts file, termination-message files. */
class PodVolumesTest {
    @TempDir
    Path tmp;

    private CriNode node() {
        return new CriNode("node-a", "kubepods", tmp.resolve("pods"), tmp.resolve("logs"), 1L << 33);
    }

    /** The Pod {@code team/web}, its container {@code app} mounting {@code volume} at {@code /data}. */
    private static Pod pod(Volume volume) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("team")
                .withUid("u-1")
                .endMetadata()
                .withNewSpec()
                .withVolumes(volume)
                .addNewContainer()
                .withName("app")
                .addNewVolumeMount()
                .withName(volume.getName())
                .withMountPath("/data")
                .endVolumeMount()
                .endContainer()
                .addNewHostAlias()
                .withIp("10.9.9.9")
                .withHostnames("db", "db.local")
                .endHostAlias()
                .endSpec()
                .build();
    }

    private static Volume hostPath(String path, String type) {
        return new VolumeBuilder()
                .withName("data")
                .withNewHostPath()
                .withPath(path)
                .withType(type)
                .endHostPath()
                .build();
    }

    private static Mount at(List<Mount> mounts, String containerPath) {
        return mounts.stream()
                .filter(m -> m.getContainerPath().equals(containerPath))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anEmptyDirIsAWorldWritableDirectoryThatGoesWithThePod() throws IOException {
        Volume cache = new VolumeBuilder()
                .withName("cache")
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
        Pod pod = pod(cache);
        Path dir = tmp.resolve("pods/u-1/volumes/kubernetes.io~empty-dir/cache");
        try (PodVolumes v = PodVolumes.setUp(pod, node())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                    .isEqualTo("rwxrwxrwx");
            List<Mount> mounts = v.mounts(pod.getSpec().getContainers().getFirst(), "10.1.0.7");
            assertThat(at(mounts, "/data").getHostPath()).isEqualTo(dir.toString());

            String hosts = Files.readString(Path.of(at(mounts, "/etc/hosts").getHostPath()));
            assertThat(hosts)
                    .startsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
                    .contains("10.1.0.7\tweb\n")
                    .endsWith("\n# Entries added by HostAliases.\n10.9.9.9\tdb\tdb.local\n");

            Path termination = Path.of(at(mounts, "/dev/termination-log").getHostPath());
            assertThat(termination.getParent()).isEqualTo(tmp.resolve("pods/u-1/containers/app"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(termination)))
                    .isEqualTo("rw-rw-rw-");
        }
        assertThat(tmp.resolve("pods/u-1")).doesNotExist();
    }

    @Test
    void noHostsFileBeforeThePodHasAnAddress() {
        Pod pod = pod(new VolumeBuilder()
                .withName("c")
                .withNewEmptyDir()
                .endEmptyDir()
                .build());
        try (PodVolumes v = PodVolumes.setUp(pod, node())) {
            assertThat(v.mounts(pod.getSpec().getContainers().getFirst(), ""))
                    .extracting(Mount::getContainerPath)
                    .doesNotContain("/etc/hosts");
        }
    }

    @Test
    void aMissingSubPathIsMadeWithItsVolumesMode() throws IOException {
        Volume cache = new VolumeBuilder()
                .withName("cache")
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
        Pod pod = new PodBuilder(pod(cache))
                .editSpec()
                .editFirstContainer()
                .editFirstVolumeMount()
                .withSubPath("logs")
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .build();
        try (PodVolumes v = PodVolumes.setUp(pod, node())) {
            Path logs = Path.of(at(v.mounts(pod.getSpec().getContainers().getFirst(), "10.1.0.7"), "/data")
                    .getHostPath());
            assertThat(logs).isEqualTo(tmp.resolve("pods/u-1/volumes/kubernetes.io~empty-dir/cache/logs"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(logs)))
                    .isEqualTo("rwxrwxrwx");
        }
    }

    @Test
    void aHostPathDirectoryMustBeThere() {
        Path missing = tmp.resolve("missing");
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(missing.toString(), "Directory")), node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("volume data: hostPath type check failed: " + missing + " is not a directory");
        assertThat(tmp.resolve("pods/u-1")).as("nothing is left behind").doesNotExist();
    }

    @Test
    void directoryOrCreateMakesTheDirectoryAndItsParents() throws IOException {
        Path made = tmp.resolve("host/a/b");
        PodVolumes.setUp(pod(hostPath(made.toString(), "DirectoryOrCreate")), node())
                .close();
        assertThat(made).as("made, and kept when the Pod goes").isDirectory();

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(file.toString(), "DirectoryOrCreate")), node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(file + " is not a directory");
    }

    @Test
    void fileOrCreateMakesTheFileButNotItsDirectory() throws IOException {
        Path made = tmp.resolve("lock");
        PodVolumes.setUp(pod(hostPath(made.toString(), "FileOrCreate")), node()).close();
        assertThat(made).isRegularFile().isEmptyFile();
        Path orphan = tmp.resolve("nowhere/lock");
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(orphan.toString(), "FileOrCreate")), node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such file or directory");
        assertThat(orphan.getParent()).doesNotExist();
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(tmp.toString(), "FileOrCreate")), node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(tmp + " is not a file");
    }

    @Test
    void aSocketIsTestedByItsFileType() throws IOException {
        Path sock = tmp.resolve("s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            PodVolumes.setUp(pod(hostPath(sock.toString(), "Socket")), node()).close();
            assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(sock.toString(), "Directory")), node()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Path plain = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(plain.toString(), "Socket")), node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(plain + " is not a socket file");
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(plain.toString(), "CharDevice")), node()))
                .hasMessageEndingWith(plain + " is not a character device");
    }

    @Test
    void aHostPathWithBackstepsIsRefused() {
        assertThatThrownBy(() -> PodVolumes.setUp(pod(hostPath(tmp + "/../etc", "")), node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain '..'");
    }

    @Test
    void anUnsupportedVolumeTypeIsRefusedAndTheVolumesMadeBeforeGo() {
        Volume config = new VolumeBuilder()
                .withName("config")
                .withNewPersistentVolumeClaim()
                .withClaimName("data")
                .endPersistentVolumeClaim()
                .build();
        Volume first = new VolumeBuilder()
                .withName("first")
                .withNewEmptyDir()
                .endEmptyDir()
                .build();
        Pod pod = new PodBuilder(pod(config))
                .editSpec()
                .withVolumes(first, config)
                .endSpec()
                .build();
        assertThatThrownBy(() -> PodVolumes.setUp(pod, node()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("volume config");
        assertThat(tmp.resolve("pods/u-1")).doesNotExist();
    }
}
