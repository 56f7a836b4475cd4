package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
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
 * runtime then gives the host's resolver), port mappings, SELinux, AppArmor, user namespaces, image volumes, the
 * container hash annotation, and service-link environment variables. Pure.
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
    private static final long QUOTA_PERIOD = 100_000;
    private static final long MIN_QUOTA = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VAR_REF = Pattern.compile("\\$\\$|\\$\\(([-._a-zA-Z0-9]+)\\)");

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

    /** {@code RunPodSandbox}'s config. */
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
                .setSeccomp(seccomp(psc == null ? null : psc.getSeccompProfile(), null));
        if (psc != null) {
            if (psc.getRunAsUser() != null) {
                sc.setRunAsUser(int64(psc.getRunAsUser()));
            }
            if (psc.getRunAsGroup() != null) {
                sc.setRunAsGroup(int64(psc.getRunAsGroup()));
            }
            sc.addAllSupplementalGroups(supplementalGroups(psc));
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
                .setImage(ImageSpec.newBuilder().setImage(c.getImage()))
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
                        .setSecurityContext(securityContext(pod, c)));
        return b.build();
    }

    /**
     * The kubelet's {@code verifyRunAsNonRoot} ({@code kuberuntime_container_linux.go} in current releases): with
     * {@code runAsNonRoot}, a container whose user is root, or whose image's user is root or not numeric when no
     * {@code runAsUser} is set, does not start.
     *
     * @param imageUid the image's numeric user, empty when the image names its user by name
     * @return the refusal's message, empty when the container may start
     */
    public static Optional<String> runAsNonRootViolation(Pod pod, Container c, OptionalLong imageUid) {
        SecurityContext sc = c.getSecurityContext();
        PodSecurityContext psc = pod.getSpec().getSecurityContext();
        Boolean nonRoot = pick(sc, SecurityContext::getRunAsNonRoot, psc, PodSecurityContext::getRunAsNonRoot);
        if (!isTrue(nonRoot)) {
            return Optional.empty();
        }
        Long user = pick(sc, SecurityContext::getRunAsUser, psc, PodSecurityContext::getRunAsUser);
        if (user != null) {
            return user == 0
                    ? Optional.of("container's runAsUser breaks non-root policy (pod: \"" + podRef(pod)
                            + "\", container: " + c.getName() + ")")
                    : Optional.empty();
        }
        if (imageUid.isEmpty()) {
            return Optional.of("container has runAsNonRoot and image has non-numeric user, cannot verify user is "
                    + "non-root (pod: \"" + podRef(pod) + "\", container: " + c.getName() + ")");
        }
        if (imageUid.getAsLong() == 0) {
            return Optional.of("container has runAsNonRoot and image will run as root (pod: \"" + podRef(pod)
                    + "\", container: " + c.getName() + ")");
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
     * {@code pkg/kubelet/util/hostname.go} via {@code GeneratePodHostNameAndDomain}: {@code spec.hostname} or the Pod's
     * name, cut to 63 characters without a trailing dash or dot.
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

    /** {@code kuberuntime/util/util.go} {@code NamespacesForPod}. */
    private static NamespaceOption namespaces(PodSpec spec) {
        return NamespaceOption.newBuilder()
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

    /**
     * {@code pkg/securitycontext/util.go} {@code DetermineEffectiveSecurityContext} (the container's fields over the
     * Pod's), converted as {@code security_context.go} {@code convertToRuntimeSecurityContext} does, with the Pod's
     * namespaces and groups.
     */
    static LinuxContainerSecurityContext securityContext(Pod pod, Container c) {
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
        if (sc == null || !"Unmasked".equals(sc.getProcMount())) {
            b.addAllMaskedPaths(MASKED_PATHS).addAllReadonlyPaths(READONLY_PATHS);
        }
        b.setSeccomp(seccomp(psc == null ? null : psc.getSeccompProfile(), sc == null ? null : sc.getSeccompProfile()));
        return b.build();
    }

    /**
     * {@code kuberuntime/helpers.go} {@code getSeccompProfile}: the container's profile over the Pod's; none is
     * Unconfined (the kubelet's {@code seccompDefault} is off by default); Localhost names a file under the kubelet's
     * {@code seccomp} directory.
     */
    private static SecurityProfile seccomp(SeccompProfile pod, SeccompProfile container) {
        SeccompProfile p = container != null ? container : pod;
        if (p == null || p.getType() == null || p.getType().equals("Unconfined")) {
            return SecurityProfile.newBuilder()
                    .setProfileType(SecurityProfile.ProfileType.Unconfined)
                    .build();
        }
        return switch (p.getType()) {
            case "RuntimeDefault" ->
                SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.RuntimeDefault)
                        .build();
            case "Localhost" ->
                SecurityProfile.newBuilder()
                        .setProfileType(SecurityProfile.ProfileType.Localhost)
                        .setLocalhostRef("/var/lib/kubelet/seccomp/" + p.getLocalhostProfile())
                        .build();
            default -> throw new IllegalArgumentException("unknown seccomp profile type " + p.getType());
        };
    }

    /**
     * {@code kuberuntime_container_linux.go} {@code generateLinuxContainerResources} with
     * {@code pkg/kubelet/cm/helpers_linux.go}: CPU shares from the request (2 without one), a CFS quota from the
     * limit, the memory limit, and the OOM score of the Pod's QoS class ({@code pkg/kubelet/qos/policy.go}
     * {@code GetContainerOOMScoreAdjust}).
     */
    static LinuxContainerResources resources(Pod pod, Container c, CriNode node) {
        Map<String, Quantity> requests =
                c.getResources() == null || c.getResources().getRequests() == null
                        ? Map.of()
                        : c.getResources().getRequests();
        Map<String, Quantity> limits =
                c.getResources() == null || c.getResources().getLimits() == null
                        ? Map.of()
                        : c.getResources().getLimits();
        // the API server defaults an unset request to the limit (pkg/apis/core/v1/defaults.go)
        Quantity cpuRequest = requests.getOrDefault("cpu", limits.get("cpu"));
        Quantity memoryRequest = requests.getOrDefault("memory", limits.get("memory"));
        LinuxContainerResources.Builder r = LinuxContainerResources.newBuilder()
                .setCpuShares(Math.max(MIN_SHARES, milli(cpuRequest) * SHARES_PER_CPU / 1000));
        if (limits.containsKey("cpu")) {
            r.setCpuPeriod(QUOTA_PERIOD)
                    .setCpuQuota(Math.max(MIN_QUOTA, milli(limits.get("cpu")) * QUOTA_PERIOD / 1000));
        }
        if (limits.containsKey("memory")) {
            r.setMemoryLimitInBytes(bytes(limits.get("memory")));
        }
        r.setOomScoreAdj(oomScoreAdj(qosClass(pod), bytes(memoryRequest), node.memoryCapacity()));
        return r.build();
    }

    /** {@code pkg/kubelet/qos/policy.go}: -997 Guaranteed, 1000 BestEffort, 1000 - 1000 * request / capacity. */
    static long oomScoreAdj(String qos, long memoryRequest, long capacity) {
        return switch (qos) {
            case "Guaranteed" -> -997;
            case "BestEffort" -> 1000;
            default -> {
                long adj = 1000 - (1000 * memoryRequest) / Math.max(1, capacity);
                // a Burstable container never scores as low as a Guaranteed one, nor as high as a BestEffort one
                yield Math.max(2, Math.min(999, adj));
            }
        };
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
                value = field(pod, e.getValueFrom().getFieldRef(), podIp);
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
    private static String field(Pod pod, ObjectFieldSelector ref, String podIp) {
        String path = ref.getFieldPath();
        var m = pod.getMetadata();
        Matcher keyed = Pattern.compile("metadata\\.(labels|annotations)\\['([^']+)'\\]")
                .matcher(path);
        if (keyed.matches()) {
            Map<String, String> map = keyed.group(1).equals("labels") ? m.getLabels() : m.getAnnotations();
            return map == null ? "" : map.getOrDefault(keyed.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> m.getName();
            case "metadata.namespace" -> m.getNamespace();
            case "metadata.uid" -> m.getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" ->
                Objects.requireNonNullElse(pod.getSpec().getServiceAccountName(), "");
            case "status.podIP" -> podIp;
            default -> throw new IllegalArgumentException("fieldRef " + path + " is not emulated");
        };
    }

    /** {@code third_party/forked/golang/expansion}: {@code $(NAME)} of a defined variable, {@code $$} for {@code $}. */
    static String expand(String s, Map<String, String> env) {
        Matcher m = VAR_REF.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                replacement = env.getOrDefault(m.group(1), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> expand(List<String> list, Map<String, String> env) {
        return list == null ? List.of() : list.stream().map(s -> expand(s, env)).toList();
    }

    /**
     * A container's mount of a volume ({@code kubelet_pods.go} {@code makeMounts}): at its {@code mountPath}, of the
     * volume's host directory (or a {@code subPath} in it), with its propagation.
     */
    public static Mount mount(VolumeMount vm, Path hostPath) {
        Path source =
                vm.getSubPath() == null || vm.getSubPath().isEmpty() ? hostPath : hostPath.resolve(vm.getSubPath());
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
