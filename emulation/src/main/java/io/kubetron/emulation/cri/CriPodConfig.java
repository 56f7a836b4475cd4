package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubetron.emulation.apiserver.PodQos;
import io.kubetron.kubelet.cri.v1.Capability;
import io.kubetron.kubelet.cri.v1.ContainerConfig;
import io.kubetron.kubelet.cri.v1.ContainerMetadata;
import io.kubetron.kubelet.cri.v1.ImageSpec;
import io.kubetron.kubelet.cri.v1.Int64Value;
import io.kubetron.kubelet.cri.v1.KeyValue;
import io.kubetron.kubelet.cri.v1.LinuxContainerConfig;
import io.kubetron.kubelet.cri.v1.LinuxContainerResources;
import io.kubetron.kubelet.cri.v1.LinuxContainerSecurityContext;
import io.kubetron.kubelet.cri.v1.LinuxPodSandboxConfig;
import io.kubetron.kubelet.cri.v1.LinuxSandboxSecurityContext;
import io.kubetron.kubelet.cri.v1.Mount;
import io.kubetron.kubelet.cri.v1.MountPropagation;
import io.kubetron.kubelet.cri.v1.NamespaceMode;
import io.kubetron.kubelet.cri.v1.NamespaceOption;
import io.kubetron.kubelet.cri.v1.PodSandboxConfig;
import io.kubetron.kubelet.cri.v1.PodSandboxMetadata;
import io.kubetron.kubelet.cri.v1.SecurityProfile;
import io.kubetron.kubelet.cri.v1.SupplementalGroupsPolicy;
import io.kubetron.kubelet.cri.v1.UserNamespace;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Pod as the kubelet puts it into CRI requests (kubernetes/kubernetes {@code pkg/kubelet/kuberuntime}):
 * {@code kuberuntime_sandbox.go} {@code generatePodSandboxConfig} and {@code kuberuntime_sandbox_linux.go} for the
 * sandbox, {@code kuberuntime_container.go} {@code generateContainerConfig} and {@code kuberuntime_container_linux.go}
 * {@code generateLinuxContainerConfig} for a container, {@code security_context.go}
 * {@code determineEffectiveSecurityContext} with {@code pkg/securitycontext/util.go} for their security, {@code
 * labels.go} for the labels and annotations. The parts a lab has no use for are left out: DNS (no cluster DNS: the
 * runtime then gives the host's resolver), port mappings, SELinux, AppArmor, user namespaces ({@code hostUsers: false}
 * is refused), image volumes, the container hash, ports and preStop annotations, service-link environment variables,
 * hugepage and swap limits, and {@code memory.oom.group} (the kubelet asks for it on cgroup v2 hosts; this config
 * does not know the host's cgroup version). Pure.
 */
public final class CriPodConfig {
    /** {@code pkg/kubelet/types/labels.go}. */
    public static final String POD_NAME = "io.kubernetes.pod.name";

    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";

    /**
     * {@code pkg/securitycontext/util.go} {@code defaultMaskedPaths} and {@code defaultReadonlyPaths}, what the
     * kubelet sends unless {@code procMount: Unmasked}; the runtime ignores them for a privileged container.
     */
    static final List<String> MASKED_PATHS = List.of(
            "/proc/asound",
            "/proc/acpi",
            "/proc/kcore",
            "/proc/keys",
            "/proc/latency_stats",
            "/proc/timer_list",
            "/proc/timer_stats",
            "/proc/sched_debug",
            "/proc/scsi",
            "/sys/firmware",
            "/sys/devices/virtual/powercap");

    static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** {@code pkg/kubelet/cm/helpers_linux.go}: shares for one CPU, the floor, and the CFS period. */
    private static final long SHARES_PER_CPU = 1024;

    private static final long MIN_SHARES = 2;
    private static final long MAX_SHARES = 262_144;
    private static final long QUOTA_PERIOD = 100_000;
    private static final long MIN_QUOTA = 1000;
    /** {@code pkg/kubelet/qos/policy.go}. */
    private static final long GUARANTEED_OOM_SCORE_ADJ = -997;

    private static final long BEST_EFFORT_OOM_SCORE_ADJ = 1000;
    /** {@code pkg/apis/scheduling/types.go}: {@code SystemCriticalPriority}. */
    private static final int SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CriPodConfig() {}

    /** The Pod's QoS class ({@code BestEffort}, {@code Burstable}, {@code Guaranteed}). */
    public static String qosClass(Pod pod) {
        return PodQos.of(JSON.readTree(Serialization.asJson(pod)));
    }

    /**
     * The Pod's cgroup as the kubelet's cgroupfs driver names it for {@code RunPodSandbox}
     * ({@code pkg/kubelet/cm/pod_container_manager_linux.go} {@code GetPodContainerName}: Guaranteed Pods directly
     * under the top, the two other classes under a level of their own).
     */
    public static String cgroupParent(Pod pod, CriNode node) {
        String uid = pod.getMetadata().getUid();
        return switch (qosClass(pod)) {
            case "Guaranteed" -> "/" + node.kubepods() + "/pod" + uid;
            case "Burstable" -> "/" + node.kubepods() + "/burstable/pod" + uid;
            default -> "/" + node.kubepods() + "/besteffort/pod" + uid;
        };
    }

    /** The Pod's log directory ({@code pkg/kubelet/kuberuntime/helpers.go} {@code BuildPodLogsDirectory}). */
    public static Path logDirectory(Pod pod, CriNode node) {
        var m = pod.getMetadata();
        return node.logsDir().resolve(m.getNamespace() + "_" + m.getName() + "_" + m.getUid());
    }

    /**
     * {@code RunPodSandbox}'s config.
     *
     * @throws IllegalArgumentException for what the kubelet would refuse or this emulation cannot give
     */
    public static PodSandboxConfig sandbox(Pod pod, CriNode node) {
        var m = pod.getMetadata();
        PodSpec spec = pod.getSpec();
        PodSandboxConfig.Builder b = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder()
                        .setName(m.getName())
                        .setNamespace(m.getNamespace())
                        .setUid(m.getUid())
                        .setAttempt(0))
                .putAllLabels(podLabels(pod))
                .putAllAnnotations(m.getAnnotations() == null ? Map.of() : m.getAnnotations())
                .setLogDirectory(logDirectory(pod, node).toString());
        if (!isTrue(spec.getHostNetwork())) {
            // a host-network sandbox keeps the node's name (and containerd refuses one with a hostname)
            b.setHostname(hostname(pod));
        }
        PodSecurityContext psc = spec.getSecurityContext();
        LinuxSandboxSecurityContext.Builder sc = LinuxSandboxSecurityContext.newBuilder()
                .setNamespaceOptions(namespaces(spec))
                // kuberuntime_sandbox_linux.go: privileged when any container is (HasPrivilegedContainer)
                .setPrivileged(allContainers(spec)
                        .anyMatch(c -> c.getSecurityContext() != null
                                && isTrue(c.getSecurityContext().getPrivileged())))
                // kuberuntime_sandbox_linux.go: the sandbox is always RuntimeDefault, whatever the Pod's profile
                // (kubernetes#84623); the containers get the Pod's
                .setSeccomp(SecurityProfile.newBuilder().setProfileType(SecurityProfile.ProfileType.RuntimeDefault));
        if (psc != null) {
            if (psc.getRunAsUser() != null) {
                sc.setRunAsUser(int64(psc.getRunAsUser()));
            }
            if (psc.getRunAsGroup() != null) {
                sc.setRunAsGroup(int64(psc.getRunAsGroup()));
            }
            sc.addAllSupplementalGroups(supplementalGroups(psc));
            sc.setSupplementalGroupsPolicy(supplementalGroupsPolicy(psc));
        }
        LinuxPodSandboxConfig.Builder linux = LinuxPodSandboxConfig.newBuilder()
                .setCgroupParent(cgroupParent(pod, node))
                .setSecurityContext(sc);
        if (psc != null && psc.getSysctls() != null) {
            psc.getSysctls().forEach(s -> linux.putSysctls(s.getName(), s.getValue()));
        }
        return b.setLinux(linux).build();
    }

    /**
     * {@code CreateContainer}'s config.
     *
     * @param mounts the container's mounts, host paths resolved ({@link PodVolumes})
     * @param podIp the sandbox's primary address (for {@code status.podIP} in the environment)
     * @throws IllegalArgumentException for what the kubelet would refuse (the Pod's event would say
     *     {@code CreateContainerConfigError}) or this emulation cannot give
     */
    public static ContainerConfig container(
            Pod pod, Container c, CriNode node, List<Mount> mounts, String podIp, int restartCount) {
        PodSpec spec = pod.getSpec();
        List<KeyValue> envs = environment(pod, c, podIp);
        Map<String, String> byName = new LinkedHashMap<>();
        envs.forEach(e -> byName.put(e.getKey(), e.getValue()));
        Map<String, String> labels = new LinkedHashMap<>(kubeletLabels(pod));
        labels.put(CONTAINER_NAME, c.getName());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("io.kubernetes.container.restartCount", Integer.toString(restartCount));
        annotations.put(
                "io.kubernetes.container.terminationMessagePath",
                Objects.requireNonNullElse(c.getTerminationMessagePath(), "/dev/termination-log"));
        annotations.put(
                "io.kubernetes.container.terminationMessagePolicy",
                Objects.requireNonNullElse(c.getTerminationMessagePolicy(), "File"));
        annotations.put("io.kubernetes.pod.terminationGracePeriod", Long.toString(gracePeriodSeconds(pod)));
        ContainerConfig.Builder b = ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(c.getName()).setAttempt(restartCount))
                // kuberuntime_container.go: the image as the Pod names it goes in user_specified_image too
                .setImage(ImageSpec.newBuilder().setImage(c.getImage()).setUserSpecifiedImage(c.getImage()))
                .addAllCommand(expand(c.getCommand(), byName))
                .addAllArgs(expand(c.getArgs(), byName))
                .setWorkingDir(Objects.requireNonNullElse(c.getWorkingDir(), ""))
                .addAllEnvs(envs)
                .addAllMounts(mounts)
                .putAllLabels(labels)
                .putAllAnnotations(annotations)
                // kuberuntime_container.go: <container name>/<restart count>.log under the Pod's log directory
                .setLogPath(c.getName() + "/" + restartCount + ".log")
                .setStdin(isTrue(c.getStdin()))
                .setStdinOnce(isTrue(c.getStdinOnce()))
                .setTty(isTrue(c.getTty()))
                .setLinux(LinuxContainerConfig.newBuilder()
                        .setResources(resources(pod, c, node))
                        .setSecurityContext(securityContext(pod, c, node)));
        return b.build();
    }

    /**
     * The kubelet's {@code verifyRunAsNonRoot} ({@code security_context_others.go}) with {@code getImageUser}
     * ({@code kuberuntime_container.go}): with {@code runAsNonRoot}, a container whose user is root, or, when no
     * {@code runAsUser} is set, whose image's user is root (an image naming no user runs as root), not numeric, or not a
     * valid user id, does not start.
     *
     * @param imageUid the image's numeric user, empty when the image names its user by name or names none
     * @param imageUsername the image's user by name, empty when it has none or a numeric one
     * @return the refusal's message, empty when the container may start
     */
    public static Optional<String> runAsNonRootViolation(
            Pod pod, Container c, OptionalLong imageUid, String imageUsername) {
        SecurityContext sc = c.getSecurityContext();
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        Boolean nonRoot = pick(sc, SecurityContext::getRunAsNonRoot, psc, PodSecurityContext::getRunAsNonRoot);
        if (!isTrue(nonRoot)) {
            return Optional.empty();
        }
        String where = " (pod: \"" + podRef(pod) + "\", container: " + c.getName() + ")";
        Long user = pick(sc, SecurityContext::getRunAsUser, psc, PodSecurityContext::getRunAsUser);
        if (user != null) {
            return user == 0 ? Optional.of("container's runAsUser breaks non-root policy" + where) : Optional.empty();
        }
        if (imageUid.isEmpty() && !imageUsername.isEmpty()) {
            return Optional.of("container has runAsNonRoot and image has non-numeric user (" + imageUsername
                    + "), cannot verify user is non-root" + where);
        }
        // getImageUser: an image with neither a uid nor a user name runs as root
        long uid = imageUid.orElse(0);
        if (uid == 0) {
            return Optional.of("container has runAsNonRoot and image will run as root" + where);
        }
        if (uid < 0 || uid > Integer.MAX_VALUE) {
            return Optional.of("container has runAsNonRoot and image has an invalid user id (" + uid + "). (Must be 1-("
                    + Integer.MAX_VALUE + ")): must be between 0 and " + Integer.MAX_VALUE + ", inclusive" + where);
        }
        return Optional.empty();
    }

    /** The Pod's termination grace period (the API server's default, 30 s, when unset). */
    public static long gracePeriodSeconds(Pod pod) {
        Long g = pod.getSpec().getTerminationGracePeriodSeconds();
        return g == null ? 30 : g;
    }

    private static String podRef(Pod pod) {
        return pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "("
                + pod.getMetadata().getUid() + ")";
    }

    /** {@code labels.go} {@code newPodLabels}: the Pod's labels plus the kubelet's three. */
    private static Map<String, String> podLabels(Pod pod) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (pod.getMetadata().getLabels() != null) {
            labels.putAll(pod.getMetadata().getLabels());
        }
        labels.putAll(kubeletLabels(pod));
        return labels;
    }

    private static Map<String, String> kubeletLabels(Pod pod) {
        var m = pod.getMetadata();
        return Map.of(POD_NAME, m.getName(), POD_NAMESPACE, m.getNamespace(), POD_UID, m.getUid());
    }

    /**
     * {@code kubelet_pods.go} {@code GeneratePodHostNameAndDomain} with {@code truncatePodHostnameIfNeeded}:
     * {@code spec.hostname} or the Pod's name, cut to 63 characters without a trailing dash or dot.
     */
    static String hostname(Pod pod) {
        String h = pod.getSpec().getHostname() != null
                        && !pod.getSpec().getHostname().isEmpty()
                ? pod.getSpec().getHostname()
                : pod.getMetadata().getName();
        if (h.length() > 63) {
            h = h.substring(0, 63).replaceAll("[-.]+$", "");
        }
        return h;
    }

    /**
     * {@code kuberuntime/util/util.go} {@code NamespacesForPod}, with the user namespace of {@code
     * userns_manager.go} {@code GetOrCreateUserNamespaceMappings}: the node's unless {@code hostUsers: false}, which
     * would need the kubelet's ID mappings and is refused here.
     */
    private static NamespaceOption namespaces(PodSpec spec) {
        if (Boolean.FALSE.equals(spec.getHostUsers())) {
            throw new IllegalArgumentException("hostUsers: false (a user namespace) is not emulated");
        }
        return NamespaceOption.newBuilder()
                // UserNamespacesSupport (on by default since 1.33): the node's user namespace, said explicitly
                .setUsernsOptions(UserNamespace.newBuilder().setMode(NamespaceMode.NODE))
                .setNetwork(isTrue(spec.getHostNetwork()) ? NamespaceMode.NODE : NamespaceMode.POD)
                .setIpc(isTrue(spec.getHostIPC()) ? NamespaceMode.NODE : NamespaceMode.POD)
                .setPid(
                        isTrue(spec.getHostPID())
                                ? NamespaceMode.NODE
                                : isTrue(spec.getShareProcessNamespace()) ? NamespaceMode.POD : NamespaceMode.CONTAINER)
                .build();
    }

    /** The Pod's supplemental groups: fsGroup first, then {@code supplementalGroups} (security_context.go). */
    private static List<Long> supplementalGroups(PodSecurityContext psc) {
        List<Long> groups = new ArrayList<>();
        if (psc.getFsGroup() != null) {
            groups.add(psc.getFsGroup());
        }
        if (psc.getSupplementalGroups() != null) {
            groups.addAll(psc.getSupplementalGroups());
        }
        return groups;
    }

    /** {@code kuberuntime_sandbox_linux.go} and {@code security_context.go}: the Pod's policy, Merge when unset. */
    private static SupplementalGroupsPolicy supplementalGroupsPolicy(PodSecurityContext psc) {
        String p = psc.getSupplementalGroupsPolicy();
        if (p == null) {
            return SupplementalGroupsPolicy.Merge;
        }
        return switch (p) {
            case "Merge" -> SupplementalGroupsPolicy.Merge;
            case "Strict" -> SupplementalGroupsPolicy.Strict;
            default -> throw new IllegalArgumentException("unsupported supplementalGroupsPolicy: " + p);
        };
    }

    /**
     * {@code pkg/securitycontext/util.go} {@code DetermineEffectiveSecurityContext} (the container's fields over the
     * Pod's), converted as {@code security_context.go} {@code convertToRuntimeSecurityContext} does, with the Pod's
     * namespaces and groups.
     */
    static LinuxContainerSecurityContext securityContext(Pod pod, Container c, CriNode node) {
        SecurityContext sc = c.getSecurityContext();
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        LinuxContainerSecurityContext.Builder b =
                LinuxContainerSecurityContext.newBuilder().setNamespaceOptions(namespaces(pod.getSpec()));
        Long user = pick(sc, SecurityContext::getRunAsUser, psc, PodSecurityContext::getRunAsUser);
        if (user != null) {
            b.setRunAsUser(int64(user));
        }
        Long group = pick(sc, SecurityContext::getRunAsGroup, psc, PodSecurityContext::getRunAsGroup);
        if (group != null) {
            b.setRunAsGroup(int64(group));
        }
        if (psc != null) {
            b.addAllSupplementalGroups(supplementalGroups(psc));
            b.setSupplementalGroupsPolicy(supplementalGroupsPolicy(psc));
        }
        boolean privileged = sc != null && isTrue(sc.getPrivileged());
        b.setPrivileged(privileged);
        if (sc != null) {
            b.setReadonlyRootfs(isTrue(sc.getReadOnlyRootFilesystem()));
            Capabilities caps = sc.getCapabilities();
            if (caps != null) {
                b.setCapabilities(Capability.newBuilder()
                        .addAllAddCapabilities(caps.getAdd() == null ? List.of() : caps.getAdd())
                        .addAllDropCapabilities(caps.getDrop() == null ? List.of() : caps.getDrop()));
            }
            // AddNoNewPrivileges: only an explicit allowPrivilegeEscalation: false sets it
            b.setNoNewPrivs(sc.getAllowPrivilegeEscalation() != null && !sc.getAllowPrivilegeEscalation());
        }
        // ConvertToRuntimeMaskedPaths: the container's procMount alone decides, privileged or not (the runtime ignores
        // the paths for a privileged container)
        if (sc == null || !"Unmasked".equals(sc.getProcMount())) {
            b.addAllMaskedPaths(MASKED_PATHS).addAllReadonlyPaths(READONLY_PATHS);
        }
        b.setSeccomp(seccomp(
                psc == null ? null : psc.getSeccompProfile(),
                sc == null ? null : sc.getSeccompProfile(),
                seccompRoot(node)));
        return b.build();
    }

    /**
     * {@code kuberuntime/helpers.go} {@code getSeccompProfile} and {@code fieldSeccompProfile}: the container's profile
     * over the Pod's; none is Unconfined (the kubelet's {@code seccompDefault} is off by default), as is a type it does
     * not know; Localhost names a file under the kubelet's {@code seccomp} directory and needs a file name.
     */
    private static SecurityProfile seccomp(SeccompProfile pod, SeccompProfile container, Path root) {
        SeccompProfile p = container != null ? container : pod;
        String type = p == null || p.getType() == null ? "" : p.getType();
        return switch (type) {
            case "RuntimeDefault" ->
                SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.RuntimeDefault)
                        .build();
            case "Localhost" -> {
                if (p.getLocalhostProfile() == null || p.getLocalhostProfile().isEmpty()) {
                    throw new IllegalArgumentException(
                            "localhostProfile must be set if seccompProfile type is Localhost.");
                }
                yield SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.Localhost)
                        .setLocalhostRef(root.resolve(p.getLocalhostProfile())
                                .normalize()
                                .toString())
                        .build();
            }
            default ->
                SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.Unconfined)
                        .build();
        };
    }

    /**
     * The kubelet's {@code seccompProfileRoot}, {@code <root-dir>/seccomp} ({@code kuberuntime_manager.go}): next to
     * the node's pods directory, as {@code /var/lib/kubelet/seccomp} is next to {@code /var/lib/kubelet/pods}.
     */
    static Path seccompRoot(CriNode node) {
        Path root = node.podsDir().getParent();
        return root == null ? Path.of("seccomp") : root.resolve("seccomp");
    }

    /**
     * {@code kuberuntime_container_linux.go} {@code generateLinuxContainerResources} and {@code
     * calculateLinuxResources} with {@code pkg/kubelet/cm/helpers_linux.go}: CPU shares from the request (from the
     * limit without one), the CFS period always and a quota from the limit (none without one: the kubelet's {@code
     * cpuCFSQuota} is on by default), the memory limit, a container without a limit of its own taking the Pod's
     * (pod-level resources, on by default since 1.34), and the OOM score ({@link #oomScoreAdj}).
     */
    static LinuxContainerResources resources(Pod pod, Container c, CriNode node) {
        Quantity cpuLimit = limit(pod, c, "cpu");
        Map<String, Quantity> requests = requests(c);
        LinuxContainerResources.Builder r = LinuxContainerResources.newBuilder()
                .setCpuShares(milliCpuToShares(milli(requests.containsKey("cpu") ? requests.get("cpu") : cpuLimit)))
                .setCpuPeriod(QUOTA_PERIOD)
                .setCpuQuota(milliCpuToQuota(milli(cpuLimit)));
        long memoryLimit = bytes(limit(pod, c, "memory"));
        if (memoryLimit != 0) {
            r.setMemoryLimitInBytes(memoryLimit);
        }
        return r.setOomScoreAdj(oomScoreAdj(pod, c, node.memoryCapacity())).build();
    }

    /** {@code helpers_linux.go} {@code MilliCPUToShares}: 2 without a request, within the kernel's 2 and 262144. */
    static long milliCpuToShares(long milliCpu) {
        return milliCpu == 0 ? MIN_SHARES : Math.clamp(milliCpu * SHARES_PER_CPU / 1000, MIN_SHARES, MAX_SHARES);
    }

    /** {@code helpers_linux.go} {@code MilliCPUToQuota}: 0 (no quota) without a limit, else at least 1 ms a period. */
    static long milliCpuToQuota(long milliCpu) {
        return milliCpu == 0 ? 0 : Math.max(MIN_QUOTA, milliCpu * QUOTA_PERIOD / 1000);
    }

    /**
     * {@code pkg/kubelet/qos/policy.go} {@code GetContainerOOMScoreAdjust}: -997 for a system-node-critical Pod and for
     * a Guaranteed one, 1000 for BestEffort; for Burstable {@code 1000 - 1000 * request / capacity} of the container's
     * memory request (with its share of a pod-level request no container claims), a native sidecar's no higher than
     * that of the Pod's smallest regular container, kept within 3 (above Guaranteed) and 999 (below BestEffort).
     */
    static long oomScoreAdj(Pod pod, Container c, long capacity) {
        if (isNodeCritical(pod)) {
            return GUARANTEED_OOM_SCORE_ADJ;
        }
        switch (qosClass(pod)) {
            case "Guaranteed" -> {
                return GUARANTEED_OOM_SCORE_ADJ;
            }
            case "BestEffort" -> {
                return BEST_EFFORT_OOM_SCORE_ADJ;
            }
            default -> {}
        }
        long perCapacity = Math.max(1, capacity);
        long remaining = remainingPodMemoryPerContainer(pod);
        long adj = 1000 - 1000 * (memoryRequest(c) + remaining) / perCapacity;
        if ("Always".equals(c.getRestartPolicy())
                && Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.<Container>of()).stream()
                        .anyMatch(i -> i.getName().equals(c.getName()))) {
            long smallest = pod.getSpec().getContainers().stream()
                    .mapToLong(CriPodConfig::memoryRequest)
                    .min()
                    .orElse(0);
            adj = Math.min(adj, 1000 - 1000 * (smallest + remaining) / perCapacity);
        }
        if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) {
            return 1000 + GUARANTEED_OOM_SCORE_ADJ;
        }
        return adj == BEST_EFFORT_OOM_SCORE_ADJ ? adj - 1 : adj;
    }

    /**
     * {@code pkg/kubelet/types/pod_update.go} {@code IsNodeCriticalPod}: priority class {@code system-node-critical} and
     * critical (a static or mirror Pod, or one of a system-critical priority).
     */
    private static boolean isNodeCritical(Pod pod) {
        if (!"system-node-critical".equals(pod.getSpec().getPriorityClassName())) {
            return false;
        }
        Map<String, String> a = Objects.requireNonNullElse(pod.getMetadata().getAnnotations(), Map.of());
        String source = a.get("kubernetes.io/config.source");
        return a.containsKey("kubernetes.io/config.mirror")
                || (source != null && !source.equals("api"))
                || (pod.getSpec().getPriority() != null && pod.getSpec().getPriority() >= SYSTEM_CRITICAL_PRIORITY);
    }

    /**
     * {@code policy.go} {@code remainingPodMemReqPerContainer}: a pod-level memory request's part no container claims
     * ({@code resourcehelper.AggregateContainerRequests}: the regular containers and native sidecars, or an init
     * container's peak if higher), shared among all containers; 0 without pod-level requests. An unset pod-level
     * request with a limit is defaulted as {@code pkg/apis/core/v1/defaults.go} does: to the containers' requests, or
     * to the limit when no container has one.
     */
    private static long remainingPodMemoryPerContainer(Pod pod) {
        if (!podLevelResources(pod)) {
            return 0;
        }
        PodSpec spec = pod.getSpec();
        long containers = spec.getContainers().stream()
                .mapToLong(CriPodConfig::memoryRequest)
                .sum();
        long sidecars = 0;
        long initPeak = 0;
        for (Container i : Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of())) {
            long request = memoryRequest(i);
            if ("Always".equals(i.getRestartPolicy())) {
                containers += request;
                sidecars += request;
                initPeak = Math.max(initPeak, sidecars);
            } else {
                initPeak = Math.max(initPeak, sidecars + request);
            }
        }
        long aggregate = Math.max(containers, initPeak);
        Quantity request = requests(spec.getResources()).get("memory");
        Quantity limit = limits(spec.getResources()).get("memory");
        long podRequest =
                request != null ? bytes(request) : limit == null ? 0 : aggregate == 0 ? bytes(limit) : aggregate;
        if (podRequest == 0) {
            return 0;
        }
        int count = spec.getContainers().size()
                + Objects.requireNonNullElse(spec.getInitContainers(), List.<Container>of())
                        .size();
        return (podRequest - aggregate) / count;
    }

    /**
     * {@code kuberuntime_container_linux.go} {@code getCPULimit} and {@code getMemoryLimit}: the container's limit, or
     * the Pod's when the container has none and the Pod has pod-level resources.
     */
    private static Quantity limit(Pod pod, Container c, String resource) {
        Quantity own = limits(c.getResources()).get(resource);
        if ((own == null || Quantity.getAmountInBytes(own).signum() == 0) && podLevelResources(pod)) {
            return limits(pod.getSpec().getResources()).get(resource);
        }
        return own;
    }

    /** {@code resourcehelper.IsPodLevelResourcesSet}: pod-level cpu or memory, requested or limited. */
    private static boolean podLevelResources(Pod pod) {
        ResourceRequirements r = pod.getSpec().getResources();
        return Stream.of(requests(r), limits(r)).anyMatch(m -> m.containsKey("cpu") || m.containsKey("memory"));
    }

    /** A container's memory request, the API server defaulting an unset one to the limit. */
    private static long memoryRequest(Container c) {
        Quantity q = requests(c).get("memory");
        return bytes(q != null ? q : limits(c.getResources()).get("memory"));
    }

    private static Map<String, Quantity> requests(Container c) {
        return requests(c.getResources());
    }

    /** A {@code resources}' requests, empty when unset. */
    private static Map<String, Quantity> requests(ResourceRequirements r) {
        return r == null || r.getRequests() == null ? Map.of() : r.getRequests();
    }

    /** A {@code resources}' limits, empty when unset. */
    private static Map<String, Quantity> limits(ResourceRequirements r) {
        return r == null || r.getLimits() == null ? Map.of() : r.getLimits();
    }

    private static long milli(Quantity q) {
        if (q == null) {
            return 0;
        }
        return Quantity.getAmountInBytes(q)
                .multiply(BigDecimal.valueOf(1000))
                .setScale(0, java.math.RoundingMode.CEILING)
                .longValueExact();
    }

    private static long bytes(Quantity q) {
        return q == null
                ? 0
                : Quantity.getAmountInBytes(q)
                        .setScale(0, java.math.RoundingMode.CEILING)
                        .longValueExact();
    }

    /**
     * The container's environment as the kubelet makes it ({@code pkg/kubelet/kubelet_pods.go} {@code makeEnvironmentVariables}):
     * values with {@code $(VAR)} of earlier variables expanded, and the downward API's field references.
     *
     * @throws IllegalArgumentException for a source this emulation has not (ConfigMap, Secret, resource fields)
     */
    static List<KeyValue> environment(Pod pod, Container c, String podIp) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null && !c.getEnvFrom().isEmpty()) {
            throw new IllegalArgumentException("container " + c.getName() + ": envFrom is not emulated");
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            String value;
            if (e.getValueFrom() == null) {
                value = expand(Objects.requireNonNullElse(e.getValue(), ""), env);
            } else if (e.getValueFrom().getFieldRef() != null) {
                value = field(pod, e.getValueFrom().getFieldRef(), podIp)
                        .orElseThrow(() -> new IllegalArgumentException("container " + c.getName() + ": env "
                                + e.getName() + ": fieldRef "
                                + e.getValueFrom().getFieldRef().getFieldPath()
                                + " is not emulated"));
            } else {
                throw new IllegalArgumentException("container " + c.getName() + ": env " + e.getName()
                        + " takes its value from a source that is not emulated (only value and fieldRef are)");
            }
            env.put(e.getName(), value);
        }
        List<KeyValue> out = new ArrayList<>();
        env.forEach(
                (k, v) -> out.add(KeyValue.newBuilder().setKey(k).setValue(v).build()));
        return out;
    }

    /** {@code kubelet_pods.go} {@code podFieldSelectorRuntimeValue} and {@code fieldpath.ExtractFieldPathAsString}. */
    private static Optional<String> field(Pod pod, ObjectFieldSelector ref, String podIp) {
        String path = ref.getFieldPath();
        var m = pod.getMetadata();
        Matcher keyed = Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]")
                .matcher(path);
        if (keyed.matches()) {
            Map<String, String> map = keyed.group(1).equals("labels") ? m.getLabels() : m.getAnnotations();
            return Optional.of(map == null ? "" : map.getOrDefault(keyed.group(2), ""));
        }
        return Optional.ofNullable(
                switch (path) {
                    case "metadata.name" -> m.getName();
                    case "metadata.namespace" -> m.getNamespace();
                    case "metadata.uid" -> m.getUid();
                    case "spec.nodeName" -> pod.getSpec().getNodeName();
                    case "spec.serviceAccountName" ->
                        Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "");
                    // one address per Pod here: status.podIPs is that one
                    case "status.podIP", "status.podIPs" -> podIp;
                    default -> null;
                });
    }

    /**
     * {@code third_party/forked/golang/expansion} {@code Expand} with {@code MappingFuncFor}: {@code $(NAME)} of a
     * defined variable is its value, of an undefined one stays as written; {@code $$} is {@code $}; a name is anything
     * up to the first {@code )}, and a {@code $(} without one stays as written.
     */
    static String expand(String s, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        int checkpoint = 0;
        for (int cursor = 0; cursor < s.length(); cursor++) {
            if (s.charAt(cursor) != '$' || cursor + 1 == s.length()) {
                continue;
            }
            out.append(s, checkpoint, cursor);
            char next = s.charAt(cursor + 1);
            int close = next == '(' ? s.indexOf(')', cursor + 2) : -1;
            if (next == '$') {
                out.append('$');
            } else if (close >= 0) {
                String name = s.substring(cursor + 2, close);
                out.append(env.getOrDefault(name, "$(" + name + ")"));
                cursor = close - 1;
            } else {
                out.append('$').append(next);
            }
            cursor++;
            checkpoint = cursor + 1;
        }
        return out.append(s, checkpoint, s.length()).toString();
    }

    private static List<String> expand(List<String> list, Map<String, String> env) {
        return list == null ? List.of() : list.stream().map(s -> expand(s, env)).toList();
    }

    /**
     * A container's mount of a volume ({@code kubelet_pods.go} {@code makeMounts}): at its {@code mountPath}, of the
     * volume's host directory (or a {@code subPath} in it, which must be relative and without {@code ..}), with its
     * propagation.
     *
     * @throws IllegalArgumentException for a {@code subPath} the kubelet refuses, or a {@code subPathExpr} (not
     *     emulated)
     */
    public static Mount mount(VolumeMount vm, Path hostPath) {
        if (vm.getSubPathExpr() != null && !vm.getSubPathExpr().isEmpty()) {
            throw new IllegalArgumentException("volumeMount " + vm.getName() + ": subPathExpr is not emulated");
        }
        String subPath = Objects.requireNonNullElse(vm.getSubPath(), "");
        Path source = hostPath;
        if (!subPath.isEmpty()) {
            if (subPath.startsWith("/")) {
                throw new IllegalArgumentException("error SubPath `" + subPath + "` must not be an absolute path");
            }
            // volume/validation ValidatePathNoBacksteps
            if (List.of(subPath.split("/")).contains("..")) {
                throw new IllegalArgumentException(
                        "unable to provision SubPath `" + subPath + "`: must not contain '..'");
            }
            source = hostPath.resolve(subPath).normalize();
        }
        return Mount.newBuilder()
                .setContainerPath(vm.getMountPath())
                .setHostPath(source.toString())
                .setReadonly(isTrue(vm.getReadOnly()))
                .setPropagation(propagation(vm.getMountPropagation()))
                .build();
    }

    private static MountPropagation propagation(String mode) {
        if (mode == null || mode.equals("None")) {
            return MountPropagation.PROPAGATION_PRIVATE;
        }
        return switch (mode) {
            case "HostToContainer" -> MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
            case "Bidirectional" -> MountPropagation.PROPAGATION_BIDIRECTIONAL;
            default -> throw new IllegalArgumentException("unknown mountPropagation " + mode);
        };
    }

    static Stream<Container> allContainers(PodSpec spec) {
        return Stream.concat(
                spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
                spec.getContainers().stream());
    }

    private static <T> T pick(
            SecurityContext sc,
            Function<SecurityContext, T> container,
            PodSecurityContext psc,
            Function<PodSecurityContext, T> pod) {
        T v = sc == null ? null : container.apply(sc);
        return v != null ? v : psc == null ? null : pod.apply(psc);
    }

    private static Int64Value int64(long v) {
        return Int64Value.newBuilder().setValue(v).build();
    }

    private static boolean isTrue(Boolean b) {
        return b != null && b;
    }
}
