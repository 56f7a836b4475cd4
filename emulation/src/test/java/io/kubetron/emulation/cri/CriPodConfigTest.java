package io.kubetron.emulation.cri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.kubetron.kubelet.cri.v1.ContainerConfig;
import io.kubetron.kubelet.cri.v1.KeyValue;
import io.kubetron.kubelet.cri.v1.LinuxContainerResources;
import io.kubetron.kubelet.cri.v1.LinuxContainerSecurityContext;
import io.kubetron.kubelet.cri.v1.NamespaceMode;
import io.kubetron.kubelet.cri.v1.PodSandboxConfig;
import io.kubetron.kubelet.cri.v1.SecurityProfile.ProfileType;
import io.kubetron.kubelet.cri.v1.SupplementalGroupsPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a user sees of a Pod in the CRI requests the emulated kubelet makes: pure, no runtime. */
class CriPodConfigTest {
    private static final long GI = 1L << 30;
    private static final CriNode NODE =
            new CriNode("node-a", "kubepods", Path.of("/var/lib/kubelet/pods"), Path.of("/var/log/pods"), 8 * GI);

    /** The Pod {@code team/web} with the one container {@code app}, changed by {@code edit}. */
    private static Pod pod(UnaryOperator<PodBuilder> edit) {
        return edit.apply(new PodBuilder()
                        .withNewMetadata()
                        .withName("web")
                        .withNamespace("team")
                        .withUid("u-1")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName("node-a")
                        .addNewContainer()
                        .withName("app")
                        .withImage("registry.local/app:1")
                        .endContainer()
                        .endSpec())
                .build();
    }

    private static Pod pod() {
        return pod(b -> b);
    }

    private static Pod withApp(UnaryOperator<ContainerBuilder> edit) {
        return pod(b -> b.editSpec()
                .withContainers(
                        edit.apply(new ContainerBuilder().withName("app").withImage("registry.local/app:1"))
                                .build())
                .endSpec());
    }

    private static Container app(Pod pod) {
        return pod.getSpec().getContainers().getFirst();
    }

    private static ContainerConfig container(Pod pod) {
        return CriPodConfig.container(pod, app(pod), NODE, List.of(), "10.1.0.7", 0);
    }

    private static LinuxContainerSecurityContext security(Pod pod) {
        return container(pod).getLinux().getSecurityContext();
    }

    private static LinuxContainerResources resources(Pod pod) {
        return container(pod).getLinux().getResources();
    }

    private static Map<String, String> env(ContainerConfig c) {
        return c.getEnvsList().stream().collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
    }

    /** Quantities by resource, from name and amount pairs. */
    private static Map<String, Quantity> quantities(String... pairs) {
        Map<String, Quantity> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], new Quantity(pairs[i + 1]));
        }
        return m;
    }

    private static SeccompProfile seccomp(String type, String localhostProfile) {
        return new SeccompProfileBuilder()
                .withType(type)
                .withLocalhostProfile(localhostProfile)
                .build();
    }

    private static Pod resourced(Map<String, Quantity> requests, Map<String, Quantity> limits) {
        return withApp(c ->
                c.withNewResources().withRequests(requests).withLimits(limits).endResources());
    }

    @Test
    void theQosClassPicksThePodCgroup() {
        assertThat(CriPodConfig.sandbox(pod(), NODE).getLinux().getCgroupParent())
                .isEqualTo("/kubepods/besteffort/podu-1");
        assertThat(CriPodConfig.sandbox(resourced(quantities("cpu", "100m"), Map.of()), NODE)
                        .getLinux()
                        .getCgroupParent())
                .isEqualTo("/kubepods/burstable/podu-1");
        assertThat(CriPodConfig.sandbox(resourced(Map.of(), quantities("cpu", "1", "memory", "64Mi")), NODE)
                        .getLinux()
                        .getCgroupParent())
                .as("Guaranteed Pods sit directly under kubepods")
                .isEqualTo("/kubepods/podu-1");
    }

    @Test
    void theSandboxCarriesThePodsNameLabelsAndLogDirectory() {
        PodSandboxConfig s = CriPodConfig.sandbox(
                pod(b -> b.editMetadata()
                        .addToLabels("app", "web")
                        .addToAnnotations("note", "x")
                        .endMetadata()),
                NODE);
        assertThat(s.getHostname()).isEqualTo("web");
        assertThat(s.getLabelsMap())
                .containsEntry("app", "web")
                .containsEntry("io.kubernetes.pod.name", "web")
                .containsEntry("io.kubernetes.pod.namespace", "team")
                .containsEntry("io.kubernetes.pod.uid", "u-1");
        assertThat(s.getAnnotationsMap()).containsExactlyEntriesOf(Map.of("note", "x"));
        assertThat(s.getLogDirectory()).isEqualTo("/var/log/pods/team_web_u-1");
        assertThat(s.getLinux().getSecurityContext().getNamespaceOptions().getNetwork())
                .isEqualTo(NamespaceMode.POD);
    }

    @Test
    void aLongHostnameIsCutTo63CharactersWithoutATrailingDash() {
        String name = "a".repeat(62) + "-bcdef";
        assertThat(CriPodConfig.sandbox(pod(b -> b.editMetadata().withName(name).endMetadata()), NODE)
                        .getHostname())
                .isEqualTo("a".repeat(62));
    }

    @Test
    void aHostNetworkPodSharesTheNodesNetworkAndName() {
        Pod p = pod(b -> b.editSpec().withHostNetwork(true).endSpec());
        PodSandboxConfig s = CriPodConfig.sandbox(p, NODE);
        assertThat(s.getHostname()).isEmpty();
        assertThat(s.getLinux().getSecurityContext().getNamespaceOptions().getNetwork())
                .isEqualTo(NamespaceMode.NODE);
        assertThat(security(p).getNamespaceOptions().getNetwork()).isEqualTo(NamespaceMode.NODE);
    }

    @Test
    void processNamespacesArePerContainerUnlessShared() {
        assertThat(security(pod()).getNamespaceOptions().getPid()).isEqualTo(NamespaceMode.CONTAINER);
        Pod shared = pod(b -> b.editSpec().withShareProcessNamespace(true).endSpec());
        assertThat(security(shared).getNamespaceOptions().getPid()).isEqualTo(NamespaceMode.POD);
        assertThat(CriPodConfig.sandbox(shared, NODE)
                        .getLinux()
                        .getSecurityContext()
                        .getNamespaceOptions()
                        .getPid())
                .isEqualTo(NamespaceMode.POD);
        Pod host = pod(b -> b.editSpec().withHostPID(true).endSpec());
        assertThat(security(host).getNamespaceOptions().getPid()).isEqualTo(NamespaceMode.NODE);
    }

    @Test
    void theNodesUserNamespaceIsSaidAndAPodOfItsOwnIsRefused() {
        assertThat(security(pod()).getNamespaceOptions().getUsernsOptions().getMode())
                .isEqualTo(NamespaceMode.NODE);
        assertThatThrownBy(() -> CriPodConfig.sandbox(
                        pod(b -> b.editSpec().withHostUsers(false).endSpec()), NODE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hostUsers: false");
    }

    @Test
    void onePrivilegedContainerMakesThePrivilegedSandbox() {
        assertThat(CriPodConfig.sandbox(pod(), NODE)
                        .getLinux()
                        .getSecurityContext()
                        .getPrivileged())
                .isFalse();
        Pod p = pod(b -> b.editSpec()
                .addNewInitContainer()
                .withName("setup")
                .withNewSecurityContext()
                .withPrivileged(true)
                .endSecurityContext()
                .endInitContainer()
                .endSpec());
        assertThat(CriPodConfig.sandbox(p, NODE).getLinux().getSecurityContext().getPrivileged())
                .isTrue();
        assertThat(security(p).getPrivileged())
                .as("the other containers stay unprivileged")
                .isFalse();
    }

    @Test
    void theContainersUserOverridesThePodsAndThePodsGroupsFollow() {
        Pod p = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withRunAsUser(1000L)
                .withRunAsGroup(3000L)
                .withFsGroup(2000L)
                .withSupplementalGroups(4000L, 5000L)
                .endSecurityContext()
                .editFirstContainer()
                .withNewSecurityContext()
                .withRunAsUser(1001L)
                .endSecurityContext()
                .endContainer()
                .endSpec());
        LinuxContainerSecurityContext sc = security(p);
        assertThat(sc.getRunAsUser().getValue()).isEqualTo(1001);
        assertThat(sc.getRunAsGroup().getValue()).isEqualTo(3000);
        assertThat(sc.getSupplementalGroupsList())
                .as("fsGroup, then supplementalGroups; runAsGroup is the primary group, not a supplemental one")
                .containsExactly(2000L, 4000L, 5000L);
        assertThat(sc.getSupplementalGroupsPolicy()).isEqualTo(SupplementalGroupsPolicy.Merge);
        var sandbox = CriPodConfig.sandbox(p, NODE).getLinux().getSecurityContext();
        assertThat(sandbox.getRunAsUser().getValue())
                .as("the sandbox runs as the Pod's user")
                .isEqualTo(1000);
        assertThat(sandbox.getSupplementalGroupsList()).containsExactly(2000L, 4000L, 5000L);
    }

    @Test
    void aStrictSupplementalGroupsPolicyReachesTheRuntime() {
        Pod p = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withSupplementalGroupsPolicy("Strict")
                .endSecurityContext()
                .endSpec());
        assertThat(security(p).getSupplementalGroupsPolicy()).isEqualTo(SupplementalGroupsPolicy.Strict);
        assertThat(CriPodConfig.sandbox(p, NODE).getLinux().getSecurityContext().getSupplementalGroupsPolicy())
                .isEqualTo(SupplementalGroupsPolicy.Strict);
    }

    @Test
    void capabilitiesAreAddedAndDroppedAsWritten() {
        var caps = security(withApp(c -> c.withNewSecurityContext()
                        .withNewCapabilities()
                        .withAdd("NET_ADMIN")
                        .withDrop("ALL")
                        .endCapabilities()
                        .endSecurityContext()))
                .getCapabilities();
        assertThat(caps.getAddCapabilitiesList()).containsExactly("NET_ADMIN");
        assertThat(caps.getDropCapabilitiesList()).containsExactly("ALL");
    }

    @Test
    void onlyAnExplicitFalseAllowPrivilegeEscalationSetsNoNewPrivs() {
        assertThat(security(withApp(c -> c.withNewSecurityContext()
                                .withAllowPrivilegeEscalation(false)
                                .endSecurityContext()))
                        .getNoNewPrivs())
                .isTrue();
        assertThat(security(withApp(c -> c.withNewSecurityContext()
                                .withAllowPrivilegeEscalation(true)
                                .endSecurityContext()))
                        .getNoNewPrivs())
                .isFalse();
        assertThat(security(pod()).getNoNewPrivs()).isFalse();
        assertThat(security(withApp(c -> c.withNewSecurityContext()
                                .withReadOnlyRootFilesystem(true)
                                .endSecurityContext()))
                        .getNoNewPrivs())
                .as("a security context without allowPrivilegeEscalation")
                .isFalse();
    }

    @Test
    void seccompIsUnconfinedUnlessAskedAndTheSandboxIsAlwaysRuntimeDefault() {
        assertThat(security(pod()).getSeccomp().getProfileType())
                .as("the kubelet's seccompDefault is off")
                .isEqualTo(ProfileType.Unconfined);
        Pod runtimeDefault = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withSeccompProfile(seccomp("RuntimeDefault", null))
                .endSecurityContext()
                .endSpec());
        assertThat(security(runtimeDefault).getSeccomp().getProfileType()).isEqualTo(ProfileType.RuntimeDefault);
        assertThat(CriPodConfig.sandbox(pod(), NODE)
                        .getLinux()
                        .getSecurityContext()
                        .getSeccomp()
                        .getProfileType())
                .isEqualTo(ProfileType.RuntimeDefault);

        Pod localhost = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withSeccompProfile(seccomp("RuntimeDefault", null))
                .endSecurityContext()
                .editFirstContainer()
                .withNewSecurityContext()
                .withSeccompProfile(seccomp("Localhost", "profiles/audit.json"))
                .endSecurityContext()
                .endContainer()
                .endSpec());
        var profile = security(localhost).getSeccomp();
        assertThat(profile.getProfileType())
                .as("the container's over the Pod's")
                .isEqualTo(ProfileType.Localhost);
        assertThat(profile.getLocalhostRef()).isEqualTo("/var/lib/kubelet/seccomp/profiles/audit.json");

        assertThatThrownBy(() -> security(withApp(c -> c.withNewSecurityContext()
                        .withSeccompProfile(seccomp("Localhost", null))
                        .endSecurityContext())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhostProfile must be set");
    }

    @Test
    void procfsIsMaskedUnlessUnmasked() {
        LinuxContainerSecurityContext masked = security(pod());
        assertThat(masked.getMaskedPathsList()).contains("/proc/kcore", "/sys/firmware");
        assertThat(masked.getReadonlyPathsList()).contains("/proc/sys", "/proc/sysrq-trigger");
        LinuxContainerSecurityContext unmasked = security(withApp(
                c -> c.withNewSecurityContext().withProcMount("Unmasked").endSecurityContext()));
        assertThat(unmasked.getMaskedPathsList()).isEmpty();
        assertThat(unmasked.getReadonlyPathsList()).isEmpty();
    }

    @Test
    void cpuAndMemoryBecomeSharesQuotaAndALimit() {
        LinuxContainerResources r =
                resources(resourced(quantities("cpu", "100m"), quantities("cpu", "500m", "memory", "128Mi")));
        assertThat(r.getCpuShares()).as("100m is 102 shares").isEqualTo(102);
        assertThat(r.getCpuQuota()).isEqualTo(50_000);
        assertThat(r.getCpuPeriod()).isEqualTo(100_000);
        assertThat(r.getMemoryLimitInBytes()).isEqualTo(128L << 20);

        LinuxContainerResources none = resources(pod());
        assertThat(none.getCpuShares()).isEqualTo(2);
        assertThat(none.getCpuQuota()).as("no limit, no quota").isZero();
        assertThat(none.getCpuPeriod())
                .as("the period goes even without a limit")
                .isEqualTo(100_000);
        assertThat(none.getMemoryLimitInBytes()).isZero();

        assertThat(resources(resourced(quantities("cpu", "1m"), quantities("cpu", "1m")))
                        .getCpuQuota())
                .as("at least 1 ms a period")
                .isEqualTo(1000);
        assertThat(resources(resourced(quantities("cpu", "1m"), Map.of())).getCpuShares())
                .isEqualTo(2);
        assertThat(resources(resourced(quantities("cpu", "300"), Map.of())).getCpuShares())
                .as("the kernel's ceiling")
                .isEqualTo(262_144);
        assertThat(resources(resourced(Map.of(), quantities("cpu", "2"))).getCpuShares())
                .as("the request defaults to the limit")
                .isEqualTo(2048);
    }

    @Test
    void aContainerWithoutLimitsTakesThePodLevelOnes() {
        Pod p = pod(b -> b.editSpec()
                .withNewResources()
                .withLimits(quantities("cpu", "250m", "memory", "256Mi"))
                .endResources()
                .endSpec());
        LinuxContainerResources r = resources(p);
        assertThat(r.getCpuQuota()).isEqualTo(25_000);
        assertThat(r.getMemoryLimitInBytes()).isEqualTo(256L << 20);
    }

    @Test
    void theOomScoreFollowsTheQosClass() {
        assertThat(resources(pod()).getOomScoreAdj()).as("BestEffort").isEqualTo(1000);
        assertThat(resources(resourced(Map.of(), quantities("cpu", "1", "memory", "1Gi")))
                        .getOomScoreAdj())
                .as("Guaranteed")
                .isEqualTo(-997);
        assertThat(resources(resourced(quantities("memory", "1Gi"), Map.of())).getOomScoreAdj())
                .as("Burstable: 1000 - 1000 * 1Gi / 8Gi")
                .isEqualTo(875);
        assertThat(resources(resourced(quantities("memory", "1Ki"), Map.of())).getOomScoreAdj())
                .as("never as high as BestEffort")
                .isEqualTo(999);
        assertThat(resources(resourced(quantities("memory", "16Gi"), Map.of())).getOomScoreAdj())
                .as("never as low as Guaranteed")
                .isEqualTo(3);
        Pod critical = pod(b -> b.editSpec()
                .withPriorityClassName("system-node-critical")
                .withPriority(2_000_001_000)
                .withContainers(new ContainerBuilder()
                        .withName("app")
                        .withImage("registry.local/app:1")
                        .withNewResources()
                        .withRequests(quantities("memory", "1Gi"))
                        .endResources()
                        .build())
                .endSpec());
        assertThat(resources(critical).getOomScoreAdj())
                .as("system-node-critical")
                .isEqualTo(-997);
    }

    @Test
    void aNativeSidecarScoresNoHigherThanTheSmallestContainer() {
        Pod p = pod(b -> b.editSpec()
                .addNewInitContainer()
                .withName("proxy")
                .withImage("registry.local/proxy:1")
                .withRestartPolicy("Always")
                .withNewResources()
                .withRequests(quantities("memory", "16Mi"))
                .endResources()
                .endInitContainer()
                .editFirstContainer()
                .withNewResources()
                .withRequests(quantities("memory", "1Gi"))
                .endResources()
                .endContainer()
                .endSpec());
        Container proxy = p.getSpec().getInitContainers().getFirst();
        assertThat(CriPodConfig.container(p, proxy, NODE, List.of(), "", 0)
                        .getLinux()
                        .getResources()
                        .getOomScoreAdj())
                .isEqualTo(875);
    }

    @Test
    void theEnvironmentHasFieldRefsAndExpandsEarlierVariables() {
        Pod p = withApp(c -> c.withEnv(
                        field("POD", "metadata.name"),
                        field("NODE", "spec.nodeName"),
                        field("IP", "status.podIP"),
                        new EnvVar("URL", "http://$(IP):8080/$(POD)", null),
                        new EnvVar("LATER", "$(NEXT)", null),
                        new EnvVar("NEXT", "n", null),
                        new EnvVar("PRICE", "$$(IP) costs $$5", null))
                .withArgs("--url=$(URL)", "--missing=$(NOPE)", "--open=$(IP", "$$(URL)"));
        ContainerConfig c = container(p);
        assertThat(env(c))
                .containsEntry("POD", "web")
                .containsEntry("NODE", "node-a")
                .containsEntry("IP", "10.1.0.7")
                .containsEntry("URL", "http://10.1.0.7:8080/web")
                .as("only variables defined before are expanded")
                .containsEntry("LATER", "$(NEXT)")
                .containsEntry("PRICE", "$(IP) costs $5");
        assertThat(c.getArgsList())
                .containsExactly("--url=http://10.1.0.7:8080/web", "--missing=$(NOPE)", "--open=$(IP", "$(URL)");
    }

    private static EnvVar field(String name, String path) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath(path)
                .endFieldRef()
                .endValueFrom()
                .build();
    }

    @Test
    void anEnvironmentSourceThatIsNotEmulatedIsRefusedNamingTheContainer() {
        Pod secret = withApp(c -> c.addNewEnv()
                .withName("TOKEN")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName("s")
                .withKey("k")
                .endSecretKeyRef()
                .endValueFrom()
                .endEnv());
        assertThatThrownBy(() -> container(secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container app")
                .hasMessageContaining("TOKEN");
        assertThatThrownBy(() -> container(withApp(c -> c.withEnv(field("HOST", "status.hostIP")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container app")
                .hasMessageContaining("status.hostIP");
        assertThatThrownBy(() -> container(withApp(c -> c.addNewEnvFrom()
                        .withNewConfigMapRef()
                        .withName("cm")
                        .endConfigMapRef()
                        .endEnvFrom())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container app");
    }

    @Test
    void theContainerIsLabelledAndLogsWhereTheKubeletPutsThem() {
        ContainerConfig c = CriPodConfig.container(pod(), app(pod()), NODE, List.of(), "10.1.0.7", 2);
        assertThat(c.getLabelsMap())
                .containsEntry("io.kubernetes.container.name", "app")
                .containsEntry("io.kubernetes.pod.name", "web")
                .containsEntry("io.kubernetes.pod.namespace", "team")
                .containsEntry("io.kubernetes.pod.uid", "u-1");
        assertThat(c.getAnnotationsMap())
                .containsEntry("io.kubernetes.container.restartCount", "2")
                .containsEntry("io.kubernetes.container.terminationMessagePath", "/dev/termination-log")
                .containsEntry("io.kubernetes.container.terminationMessagePolicy", "File")
                .containsEntry("io.kubernetes.pod.terminationGracePeriod", "30");
        assertThat(c.getLogPath()).isEqualTo("app/2.log");
        assertThat(c.getMetadata().getAttempt()).isEqualTo(2);
        assertThat(c.getImage().getUserSpecifiedImage()).isEqualTo("registry.local/app:1");
    }

    @Test
    void runAsNonRootIsCheckedAgainstTheImagesUser() {
        Pod nonRoot = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .endSpec());
        assertThat(CriPodConfig.runAsNonRootViolation(nonRoot, app(nonRoot), OptionalLong.of(0), ""))
                .contains("container has runAsNonRoot and image will run as root (pod: \"web_team(u-1)\", "
                        + "container: app)");
        assertThat(CriPodConfig.runAsNonRootViolation(nonRoot, app(nonRoot), OptionalLong.empty(), ""))
                .as("an image naming no user runs as root")
                .hasValueSatisfying(m -> assertThat(m).contains("image will run as root"));
        assertThat(CriPodConfig.runAsNonRootViolation(nonRoot, app(nonRoot), OptionalLong.empty(), "nginx"))
                .hasValueSatisfying(m -> assertThat(m)
                        .startsWith("container has runAsNonRoot and image has non-numeric user (nginx), "
                                + "cannot verify user is non-root"));
        assertThat(CriPodConfig.runAsNonRootViolation(nonRoot, app(nonRoot), OptionalLong.of(101), ""))
                .isEmpty();

        Pod asUser = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(1000L)
                .endSecurityContext()
                .endSpec());
        assertThat(CriPodConfig.runAsNonRootViolation(asUser, app(asUser), OptionalLong.of(0), ""))
                .as("runAsUser wins over the image's user")
                .isEmpty();
        assertThat(CriPodConfig.runAsNonRootViolation(asUser, app(asUser), OptionalLong.empty(), "nginx"))
                .isEmpty();
        Pod asRoot = pod(b -> b.editSpec()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(0L)
                .endSecurityContext()
                .endSpec());
        assertThat(CriPodConfig.runAsNonRootViolation(asRoot, app(asRoot), OptionalLong.of(1000), ""))
                .hasValueSatisfying(m -> assertThat(m).startsWith("container's runAsUser breaks non-root policy"));
        assertThat(CriPodConfig.runAsNonRootViolation(pod(), app(pod()), OptionalLong.of(0), ""))
                .as("without runAsNonRoot, root is fine")
                .isEmpty();
    }

    @Test
    void aSubPathStaysInsideItsVolume() {
        Path volume = Path.of("/var/lib/kubelet/pods/u-1/volumes/kubernetes.io~empty-dir/data");
        var mount = CriPodConfig.mount(
                new VolumeMountBuilder()
                        .withName("data")
                        .withMountPath("/data")
                        .withSubPath("logs/app")
                        .withReadOnly(true)
                        .build(),
                volume);
        assertThat(mount.getHostPath()).isEqualTo(volume.resolve("logs/app").toString());
        assertThat(mount.getReadonly()).isTrue();
        assertThatThrownBy(() -> CriPodConfig.mount(
                        new VolumeMountBuilder()
                                .withName("data")
                                .withMountPath("/data")
                                .withSubPath("../other")
                                .build(),
                        volume))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain '..'");
        assertThatThrownBy(() -> CriPodConfig.mount(
                        new VolumeMountBuilder()
                                .withName("data")
                                .withMountPath("/data")
                                .withSubPath("/etc")
                                .build(),
                        volume))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be an absolute path");
    }
}
