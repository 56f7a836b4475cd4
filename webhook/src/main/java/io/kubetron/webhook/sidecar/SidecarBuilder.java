package io.kubetron.webhook.sidecar;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.kubetron.model.ResourceNames;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container added to a Pod with networks. It requests the node resources ({@link ResourceCounts}) so that the
 * scheduler and the node agent's device plugin see the Pod, and names in its args the interfaces that get an address.
 * Unlike the original's privileged sidecar it is unprivileged: no privilege escalation, every capability dropped, a
 * non-root user and a read-only root file system; plugging and addressing are the node agent's job. In
 * {@link InjectionMode#INIT} mode it is an init container that keeps running (a native sidecar); otherwise it is an
 * ordinary container, the same in every other field.
 */
public final class SidecarBuilder {
    /** The unprivileged user (nobody) the container runs as when its image does not say. */
    static final long NOBODY = 65534L;
    /** An init container with this restart policy is a native sidecar: started in order, then kept running. */
    static final String ALWAYS = "Always";

    private final AdmissionSettings settings;

    public SidecarBuilder(AdmissionSettings settings) {
        this.settings = settings;
    }

    /**
     * The container.
     *
     * @param counts the node resources the Pod's networks need
     * @param addressedInterfaces names of the interfaces that have a subnet (args, in request order)
     */
    public Container build(ResourceCounts counts, List<String> addressedInterfaces) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        counts.counts()
                .forEach((name, n) -> limits.put(
                        ResourceNames.qualified(settings.resourceNamespace(), name),
                        new Quantity(Integer.toString(n))));
        // request = limit for CPU and memory: see SidecarResources
        Map<String, Quantity> requests = new LinkedHashMap<>();
        requests.put("cpu", new Quantity(settings.resources().cpu()));
        requests.put("memory", new Quantity(settings.resources().memory()));
        limits.putAll(requests);
        return new ContainerBuilder()
                .withName(settings.sidecarName())
                .withImage(settings.sidecarImage())
                .withRestartPolicy(settings.injection() == InjectionMode.INIT ? ALWAYS : null)
                .withArgs(List.copyOf(addressedInterfaces))
                .withNewResources()
                .withLimits(limits)
                .withRequests(requests)
                .endResources()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .withRunAsNonRoot(true)
                .withRunAsUser(NOBODY)
                .withRunAsGroup(NOBODY)
                .withReadOnlyRootFilesystem(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .build();
    }
}
