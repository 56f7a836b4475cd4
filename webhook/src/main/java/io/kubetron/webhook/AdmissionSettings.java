package io.kubetron.webhook;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.model.ResourceNames;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the webhook admits Pods, read once at start from {@link #SETTINGS} (flags, environment, {@code --config} file)
 * and immutable.
 *
 * @param maxNetworks the most networks one Pod may ask for
 * @param sidecarName name of the container appended to every Pod with networks (the original's
 *     {@code kubetron-request-sidecart})
 * @param sidecarImage image of that container: it only holds the node resources, so any small image that sleeps until
 *     SIGTERM (the default is built from {@code images/hold}: one static binary, under 1 MiB resident per Pod)
 * @param resourceNamespace prefix of the extended resources the container requests ({@code <ns>/main}...)
 * @param ignoredNamespaces namespaces never touched, in addition to the webhook configuration's namespaceSelector
 *     (the AdmissionReview carries no namespace labels, so the ignoreAdmission label itself cannot be checked here)
 * @param injection where that container goes: appended to the containers, or first among the init containers
 * @param resources the CPU and memory of that container, requested and limited alike
 * @param signingKeys the directory of the networks-signing key set (the mounted Secret): every networksSpec is signed
 *     with its primary key, and the node agents check the signature before they plug a port
 */
public record AdmissionSettings(
        int maxNetworks,
        String sidecarName,
        String sidecarImage,
        String resourceNamespace,
        Set<String> ignoredNamespaces,
        InjectionMode injection,
        SidecarResources resources,
        Path signingKeys) {

    public static final String DEFAULT_SIDECAR_NAME = "kubetron-request-sidecart";
    /** The image built from {@code images/hold}. */
    public static final String DEFAULT_SIDECAR_IMAGE = "ghcr.io/kubetron/hold:0.1.0";
    /**
     * A native sidecar (Kubernetes 1.29 or newer): no container starts before its interfaces, and a Job's Pod
     * completes (the kubelet stops native sidecars after the main containers; a regular container that never exits
     * keeps the Pod Running). {@link InjectionMode#SIDECAR} is the original's place, for older clusters.
     */
    public static final InjectionMode DEFAULT_INJECTION = InjectionMode.INIT;

    /** Enough for the hold process (under 1 MiB resident) with the kubelet's and runtime's margin. */
    public static final SidecarResources DEFAULT_RESOURCES = new SidecarResources("10m", "32Mi");

    public static final int DEFAULT_MAX_NETWORKS = 8;
    private static final List<String> DEFAULT_IGNORED_NAMESPACES_IN_ORDER = List.of("kube-system", "kubetron");
    public static final Set<String> DEFAULT_IGNORED_NAMESPACES = Set.copyOf(DEFAULT_IGNORED_NAMESPACES_IN_ORDER);

    public static final Setting<Integer> MAX_NETWORKS = Setting.of(
                    "max-networks", SettingType.integer(1, 1000), "Most networks one Pod may ask for.")
            .defaultsTo(Integer.toString(DEFAULT_MAX_NETWORKS));
    public static final Setting<String> SIDECAR_IMAGE = Setting.of(
                    "sidecar-image",
                    SettingType.text("IMAGE"),
                    "Image of the injected container; it only holds the node resources (built from images/hold).")
            .defaultsTo(DEFAULT_SIDECAR_IMAGE);
    public static final Setting<String> SIDECAR_NAME = Setting.of(
                    "sidecar-name",
                    SettingType.matching(
                            "NAME", Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), "a valid container name"),
                    "Name of the injected container (the original's, sic).")
            .defaultsTo(DEFAULT_SIDECAR_NAME);
    public static final Setting<InjectionMode> INJECTION = Setting.of(
                    "injection",
                    SettingType.of("init|sidecar", InjectionMode::parse, InjectionMode::flag),
                    "Where the request container goes: init (first init container, as a native sidecar with "
                            + "restartPolicy Always: started before the Pod's other containers, stopped after them so "
                            + "Jobs complete; Kubernetes 1.29 or newer) or sidecar (appended to the containers, as "
                            + "the original; a Job's Pod then never completes).")
            .defaultsTo(DEFAULT_INJECTION.flag());
    public static final Setting<String> SIDECAR_CPU = Setting.of(
                    "sidecar-cpu",
                    SettingType.of("QUANTITY", q -> SidecarResources.check("CPU", q), q -> q),
                    "CPU request and limit of the injected container: both set, so namespace quotas and LimitRanges "
                            + "that require limits admit it.")
            .defaultsTo(DEFAULT_RESOURCES.cpu());
    public static final Setting<String> SIDECAR_MEMORY = Setting.of(
                    "sidecar-memory",
                    SettingType.of("QUANTITY", q -> SidecarResources.check("memory", q), q -> q),
                    "Memory request and limit of the injected container.")
            .defaultsTo(DEFAULT_RESOURCES.memory());
    public static final Setting<String> RESOURCE_NAMESPACE = Setting.of(
                    "resource-namespace",
                    SettingType.matching(
                            "DOMAIN", Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?"), "a DNS name"),
                    "Prefix of the node resources the injected container requests (<namespace>/main...).")
            .defaultsTo(ResourceNames.DEFAULT_NAMESPACE);
    public static final Setting<List<String>> IGNORE_NAMESPACE = Setting.of(
                    "ignore-namespace",
                    SettingType.list("NAMESPACE"),
                    "Namespaces never touched, besides the webhook configuration's namespaceSelector.")
            .defaultsTo(String.join(",", DEFAULT_IGNORED_NAMESPACES_IN_ORDER));

    /** Every setting of admission. */
    public static final List<Setting<?>> SETTINGS = List.of(
            MAX_NETWORKS,
            SIDECAR_IMAGE,
            SIDECAR_NAME,
            INJECTION,
            SIDECAR_CPU,
            SIDECAR_MEMORY,
            RESOURCE_NAMESPACE,
            IGNORE_NAMESPACE,
            KeySetDirectory.SETTING);

    public AdmissionSettings {
        if (maxNetworks < 1) {
            throw new IllegalArgumentException("the maximum number of networks must be at least 1, not " + maxNetworks);
        }
        if (sidecarName == null || !sidecarName.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("sidecar name '" + sidecarName + "' is not a valid container name");
        }
        if (sidecarImage == null || sidecarImage.isBlank()) {
            throw new IllegalArgumentException("the sidecar image must be set");
        }
        if (resourceNamespace == null || !resourceNamespace.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
            throw new IllegalArgumentException("resource namespace '" + resourceNamespace + "' is not a DNS name");
        }
        if (injection == null) {
            throw new IllegalArgumentException("the injection mode must be set");
        }
        if (resources == null) {
            throw new IllegalArgumentException("the sidecar's resources must be set");
        }
        if (signingKeys == null) {
            throw new IllegalArgumentException("the signing key directory must be set");
        }
        ignoredNamespaces = Set.copyOf(ignoredNamespaces);
    }

    /**
     * The defaults: the original's container name and resource namespace, native sidecar injection, 10m CPU and 32Mi, the {@code images/hold}
     * image, a limit of {@value #DEFAULT_MAX_NETWORKS} networks, and the key set where the manifests mount it.
     */
    public static AdmissionSettings defaults() {
        return new AdmissionSettings(
                DEFAULT_MAX_NETWORKS,
                DEFAULT_SIDECAR_NAME,
                DEFAULT_SIDECAR_IMAGE,
                ResourceNames.DEFAULT_NAMESPACE,
                DEFAULT_IGNORED_NAMESPACES,
                DEFAULT_INJECTION,
                DEFAULT_RESOURCES,
                Path.of(KeySetDirectory.SETTING.defaultText()));
    }

    /** The typed settings of resolved {@link #SETTINGS}. */
    public static AdmissionSettings from(Settings s) {
        return new AdmissionSettings(
                s.get(MAX_NETWORKS),
                s.get(SIDECAR_NAME),
                s.get(SIDECAR_IMAGE),
                s.get(RESOURCE_NAMESPACE),
                new LinkedHashSet<>(s.get(IGNORE_NAMESPACE)),
                s.get(INJECTION),
                new SidecarResources(s.get(SIDECAR_CPU), s.get(SIDECAR_MEMORY)),
                s.get(KeySetDirectory.SETTING));
    }

    public AdmissionSettings withMaxNetworks(int max) {
        return new AdmissionSettings(
                max,
                sidecarName,
                sidecarImage,
                resourceNamespace,
                ignoredNamespaces,
                injection,
                resources,
                signingKeys);
    }

    public AdmissionSettings withInjection(InjectionMode mode) {
        return new AdmissionSettings(
                maxNetworks,
                sidecarName,
                sidecarImage,
                resourceNamespace,
                ignoredNamespaces,
                mode,
                resources,
                signingKeys);
    }

    public AdmissionSettings withResources(SidecarResources r) {
        return new AdmissionSettings(
                maxNetworks,
                sidecarName,
                sidecarImage,
                resourceNamespace,
                ignoredNamespaces,
                injection,
                r,
                signingKeys);
    }

    /** Where the networks-signing key set is (the dev kit's own; in a cluster, the mounted Secret). */
    public AdmissionSettings withSigningKeys(Path dir) {
        return new AdmissionSettings(
                maxNetworks,
                sidecarName,
                sidecarImage,
                resourceNamespace,
                ignoredNamespaces,
                injection,
                resources,
                dir);
    }
}
