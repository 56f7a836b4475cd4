package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kubetron.kubelet.cri.v1.Mount;
import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the kubelet keeps of one Pod on its node ({@code /var/lib/kubelet/pods/<uid>}, kubernetes/kubernetes
 * {@code pkg/kubelet/kubelet_getters.go}): the Pod's volumes set up (hostPath with its type check,
 * {@code pkg/volume/hostpath/host_path.go}; emptyDir as a directory of mode 0777, {@code pkg/volume/emptydir/empty_dir.go}),
 * the managed {@code /etc/hosts} ({@code pkg/kubelet/kubelet_pods.go} {@code managedHostsFileContent}) and a
 * termination-message file per container ({@code pkg/kubelet/kuberuntime/kuberuntime_container.go} {@code makeMounts}).
 * Other volume types are refused: the lab has no use for them yet. Not thread-safe.
 */
public final class PodVolumes implements AutoCloseable {
    private final Pod pod;
    private final Path dir;
    private final Map<String, Path> volumes;

    private PodVolumes(Pod pod, Path dir, Map<String, Path> volumes) {
        this.pod = pod;
        this.dir = dir;
        this.volumes = volumes;
    }

    /**
     * Sets up the Pod's volumes under {@code node}'s pods directory.
     *
     * @throws IllegalArgumentException for a volume type that is not emulated or a hostPath whose type check fails
     *     (nothing is left behind then)
     */
    public static PodVolumes setUp(Pod pod, CriNode node) {
        return setUp(pod, node, VolumeSources.none());
    }

    /**
     * Sets up the Pod's volumes, API-backed ones (configMap, secret, projected) from {@code sources}.
     *
     * @throws IllegalArgumentException for a volume type that is not emulated, a hostPath whose type check fails, or
     *     a ConfigMap, Secret or key that does not exist and is not optional (nothing is left behind then)
     */
    public static PodVolumes setUp(Pod pod, CriNode node, VolumeSources sources) {
        Path dir = node.podsDir().resolve(pod.getMetadata().getUid());
        Map<String, Path> volumes = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
            for (Volume v : pod.getSpec().getVolumes() == null
                    ? List.<Volume>of()
                    : pod.getSpec().getVolumes()) {
                if (v.getHostPath() != null) {
                    volumes.put(v.getName(), hostPath(v.getName(), v.getHostPath()));
                } else if (v.getEmptyDir() != null) {
                    Path d = dir.resolve("volumes/kubernetes.io~empty-dir").resolve(v.getName());
                    Files.createDirectories(d);
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
                    volumes.put(v.getName(), d);
                } else if (v.getConfigMap() != null || v.getSecret() != null || v.getProjected() != null) {
                    String type =
                            v.getConfigMap() != null ? "configmap" : v.getSecret() != null ? "secret" : "projected";
                    Path d = dir.resolve("volumes/kubernetes.io~" + type).resolve(v.getName());
                    Files.createDirectories(d);
                    ApiVolume.write(pod, v, d, sources);
                    volumes.put(v.getName(), d);
                } else {
                    throw new IllegalArgumentException("volume " + v.getName()
                            + ": only hostPath, emptyDir, configMap, secret and projected volumes are emulated by "
                            + "this kubelet");
                }
            }
            return new PodVolumes(pod, dir, volumes);
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(dir);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static Path hostPath(String volume, HostPathVolumeSource source) throws IOException {
        Path p = Path.of(source.getPath());
        String type = source.getType() == null ? "" : source.getType();
        switch (type) {
            case "" -> {}
            case "DirectoryOrCreate" -> {
                if (!Files.isDirectory(p)) {
                    Files.createDirectories(p);
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
            case "FileOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p.getParent());
                    Files.createFile(p);
                }
            }
            case "Directory" -> check(volume, p, Files.isDirectory(p), "a directory");
            case "File" -> check(volume, p, Files.isRegularFile(p), "a file");
            case "Socket" -> check(volume, p, isType(p, "socket"), "a socket");
            case "CharDevice" -> check(volume, p, isType(p, "character special file"), "a character device");
            case "BlockDevice" -> check(volume, p, isType(p, "block special file"), "a block device");
            default -> throw new IllegalArgumentException("volume " + volume + ": unknown hostPath type " + type);
        }
        return p;
    }

    private static boolean isType(Path p, String kind) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        // java.nio has no test for sockets and devices; stat(1) names the file type as the kernel reports it
        Process stat = new ProcessBuilder("stat", "-L", "-c", "%F", p.toString()).start();
        String out = new String(stat.getInputStream().readAllBytes()).strip();
        return out.equals(kind);
    }

    private static void check(String volume, Path p, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "volume " + volume + ": hostPath type check failed: " + p + " is not " + what);
        }
    }

    /**
     * A container's mounts: its volume mounts, the managed hosts file (not for host-network Pods, nor when the
     * container mounts something at {@code /etc/hosts}) and its termination-message file.
     *
     * @throws IllegalArgumentException when a mount names a volume the Pod has not
     */
    public List<Mount> mounts(Container c, String podIp) {
        List<Mount> out = new ArrayList<>();
        boolean ownHosts = false;
        for (VolumeMount vm : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
            Path host = volumes.get(vm.getName());
            if (host == null) {
                throw new IllegalArgumentException(
                        "container " + c.getName() + ": volumeMount " + vm.getName() + " names no volume of the Pod");
            }
            ownHosts |= vm.getMountPath().equals("/etc/hosts");
            out.add(CriPodConfig.mount(vm, host));
        }
        try {
            if (!ownHosts && !Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) && !podIp.isEmpty()) {
                Path hosts = dir.resolve("etc-hosts");
                Files.writeString(hosts, hostsFile(podIp));
                out.add(Mount.newBuilder()
                        .setContainerPath("/etc/hosts")
                        .setHostPath(hosts.toString())
                        .build());
            }
            Path termination = dir.resolve("containers")
                    .resolve(c.getName())
                    .resolve(HexFormat.of()
                            .toHexDigits(ThreadLocalRandom.current().nextInt()));
            Files.createDirectories(termination.getParent());
            Files.createFile(termination);
            Files.setPosixFilePermissions(termination, PosixFilePermissions.fromString("rw-rw-rw-"));
            out.add(Mount.newBuilder()
                    .setContainerPath(
                            c.getTerminationMessagePath() == null
                                    ? "/dev/termination-log"
                                    : c.getTerminationMessagePath())
                    .setHostPath(termination.toString())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private String hostsFile(String podIp) {
        return "# Kubernetes-managed hosts file.\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "fe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\n"
                + "fe00::2\tip6-allrouters\n"
                + podIp + "\t" + CriPodConfig.hostname(pod) + "\n";
    }

    /** Removes the Pod's directory (emptyDir contents with it; hostPath volumes stay, as on a node). */
    @Override
    public void close() {
        FileTrees.delete(dir);
    }
}
