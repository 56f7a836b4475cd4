package io.kubetron.webhook;

import io.kubetron.model.Annotations;
import java.util.Set;

/**
 * How the webhook admits Pods, parsed once at start (from flags) and immutable.
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
 */
public record AdmissionSettings(
        int maxNetworks,
        String sidecarName,
        String sidecarImage,
        String resourceNamespace,
        Set<String> ignoredNamespaces,
        InjectionMode injection,
        SidecarResources resources) {

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
    public static final Set<String> DEFAULT_IGNORED_NAMESPACES = Set.of("kube-system", "kubetron");

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
        ignoredNamespaces = Set.copyOf(ignoredNamespaces);
    }

    /**
     * The defaults: the original's container name and resource namespace, native sidecar injection, 10m CPU and 32Mi, the {@code images/hold}
     * image and a limit of {@value #DEFAULT_MAX_NETWORKS} networks.
     */
    public static AdmissionSettings defaults() {
        return new AdmissionSettings(
                DEFAULT_MAX_NETWORKS,
                DEFAULT_SIDECAR_NAME,
                DEFAULT_SIDECAR_IMAGE,
                Annotations.DOMAIN,
                DEFAULT_IGNORED_NAMESPACES,
                DEFAULT_INJECTION,
                DEFAULT_RESOURCES);
    }

    public AdmissionSettings withMaxNetworks(int max) {
        return new AdmissionSettings(
                max, sidecarName, sidecarImage, resourceNamespace, ignoredNamespaces, injection, resources);
    }

    public AdmissionSettings withInjection(InjectionMode mode) {
        return new AdmissionSettings(
                maxNetworks, sidecarName, sidecarImage, resourceNamespace, ignoredNamespaces, mode, resources);
    }

    public AdmissionSettings withResources(SidecarResources r) {
        return new AdmissionSettings(
                maxNetworks, sidecarName, sidecarImage, resourceNamespace, ignoredNamespaces, injection, r);
    }
}
