package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.kubetron.kubelet.cri.v1.Mount;
import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the kubelet keeps of one Pod on its node ({@code /var/lib/kubelet/pods/<uid>}, kubernetes/kubernetes
 * {@code pkg/kubelet/kubelet_getters.go}): the Pod's volumes set up (hostPath with its type check,
 * {@code pkg/volume/hostpath/host_path.go}; emptyDir as a directory of mode 0777, {@code pkg/volume/emptydir/empty_dir.go}),
 * the managed {@code /etc/hosts} ({@code pkg/kubelet/kubelet_pods.go} {@code ensureHostsFile}), missing {@code subPath}
 * directories ({@code makeMounts}) and a termination-message file per container
 * ({@code pkg/kubelet/kuberuntime/kuberuntime_container.go} {@code makeMounts}). Other volume types are refused: the lab
 * has no use for them yet; an emptyDir of {@code medium: Memory} is a directory on disk here, not a tmpfs. Not
 * thread-safe.
 */
public final class PodVolumes implements AutoCloseable {
    /** The node's hosts file, which a host-network Pod's managed one copies. */
    private static final Path NODE_HOSTS = Path.of("/etc/hosts");

    /** {@code stat(2)}'s file types ({@code sys/stat.h}). */
    private static final int S_IFMT = 0170000;

    private static final int S_IFSOCK = 0140000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;

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

    /**
     * {@code pkg/volume/hostpath/host_path.go} {@code SetUp} and {@code checkTypeInternal}: a path without {@code ..};
     * DirectoryOrCreate makes a missing directory (and its parents, 0755), FileOrCreate a missing file (0644, not its
     * parent); then, as for Directory and File, what is there must be a directory, or anything but one.
     */
    private static Path hostPath(String volume, HostPathVolumeSource source) throws IOException {
        Path p = Path.of(source.getPath());
        if (List.of(source.getPath().split("/")).contains("..")) {
            throw new IllegalArgumentException(
                    "volume " + volume + ": invalid HostPath `" + source.getPath() + "`: must not contain '..'");
        }
        String type = source.getType() == null ? "" : source.getType();
        switch (type) {
            case "" -> {}
            case "DirectoryOrCreate" -> {
                if (Files.exists(p)) {
                    check(volume, p, Files.isDirectory(p), "a directory");
                } else {
                    Files.createDirectories(
                            p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                }
            }
            case "FileOrCreate" -> {
                if (Files.exists(p)) {
                    check(volume, p, !Files.isDirectory(p), "a file");
                } else {
                    try {
                        Files.createFile(
                                p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
                    } catch (NoSuchFileException e) {
                        throw new IllegalArgumentException(
                                "volume " + volume + ": open " + p + ": no such file or directory", e);
                    }
                }
            }
            case "Directory" -> check(volume, p, Files.isDirectory(p), "a directory");
            case "File" -> check(volume, p, Files.exists(p) && !Files.isDirectory(p), "a file");
            case "Socket" -> check(volume, p, isType(p, S_IFSOCK), "a socket file");
            case "CharDevice" -> check(volume, p, isType(p, S_IFCHR), "a character device");
            case "BlockDevice" -> check(volume, p, isType(p, S_IFBLK), "a block device");
            default ->
                throw new IllegalArgumentException("volume " + volume + ": " + type + " is an invalid volume type");
        }
        return p;
    }

    /** The file type as {@code stat(2)} gives it (symbolic links followed, as the kubelet's {@code GetFileType}). */
    private static boolean isType(Path p, int type) {
        try {
            return ((int) Files.getAttribute(p, "unix:mode") & S_IFMT) == type;
        } catch (IOException e) {
            return false;
        }
    }

    private static void check(String volume, Path p, boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "volume " + volume + ": hostPath type check failed: " + p + " is not " + what);
        }
    }

    /**
     * A container's mounts: its volume mounts (a missing {@code subPath} directory made with its volume's mode), the
     * managed hosts file (unless the container mounts something at {@code /etc/hosts}; for a host-network Pod a copy of
     * the node's) and its termination-message file.
     *
     * @throws IllegalArgumentException when a mount names a volume the Pod has not, or has a {@code subPath} the kubelet
     *     refuses
     */
    public List<Mount> mounts(Container c, String podIp) {
        List<Mount> out = new ArrayList<>();
        boolean ownHosts = false;
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        try {
            for (VolumeMount vm : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                Path host = volumes.get(vm.getName());
                if (host == null) {
                    throw new IllegalArgumentException("container " + c.getName() + ": volumeMount " + vm.getName()
                            + " names no volume of the Pod");
                }
                ownHosts |= vm.getMountPath().equals("/etc/hosts");
                Mount m = CriPodConfig.mount(vm, host);
                Path source = Path.of(m.getHostPath());
                if (!source.equals(host) && !Files.exists(source)) {
                    // makeMounts: made now, with the volume's mode, rather than by the runtime with its own
                    var mode = Files.getPosixFilePermissions(host);
                    Files.createDirectories(source);
                    Files.setPosixFilePermissions(source, mode);
                }
                out.add(m);
            }
            // shouldMountHostsFile: once the Pod has an address (a host-network Pod has the node's)
            if (!ownHosts && (hostNetwork || !podIp.isEmpty())) {
                Path hosts = dir.resolve("etc-hosts");
                Files.writeString(hosts, hostNetwork ? nodeHostsFile() : hostsFile(podIp));
                Files.setPosixFilePermissions(hosts, PosixFilePermissions.fromString("rw-r--r--"));
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

    /** {@code kubelet_pods.go} {@code managedHostsFileContent}. */
    private String hostsFile(String podIp) {
        return "# Kubernetes-managed hosts file.\n"
                + "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "fe00::0\tip6-mcastprefix\n"
                + "fe00::1\tip6-allnodes\n"
                + "fe00::2\tip6-allrouters\n"
                + podIp + "\t" + CriPodConfig.hostname(pod) + "\n"
                + hostAliases();
    }

    /** {@code kubelet_pods.go} {@code nodeHostsFileContent}. */
    private String nodeHostsFile() throws IOException {
        return "# Kubernetes-managed hosts file (host network).\n" + Files.readString(NODE_HOSTS) + hostAliases();
    }

    /** {@code kubelet_pods.go} {@code hostsEntriesFromHostAliases}: a line per address. */
    private String hostAliases() {
        List<HostAlias> aliases = Objects.requireNonNullElse(pod.getSpec().getHostAliases(), List.of());
        if (aliases.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n# Entries added by HostAliases.\n");
        aliases.forEach(a -> b.append(a.getIp())
                .append('\t')
                .append(String.join("\t", Objects.requireNonNullElse(a.getHostnames(), List.of())))
                .append('\n'));
        return b.toString();
    }

    /** Removes the Pod's directory (emptyDir contents with it; hostPath volumes stay, as on a node). */
    @Override
    public void close() {
        FileTrees.delete(dir);
    }
}
