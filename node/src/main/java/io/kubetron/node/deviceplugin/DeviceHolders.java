package io.kubetron.node.deviceplugin;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.kubetron.kubelet.podresources.v1.ContainerDevices;
import io.kubetron.kubelet.podresources.v1.ContainerResources;
import io.kubetron.kubelet.podresources.v1.ListPodResourcesRequest;
import io.kubetron.kubelet.podresources.v1.ListPodResourcesResponse;
import io.kubetron.kubelet.podresources.v1.PodResources;
import io.kubetron.kubelet.podresources.v1.PodResourcesListerGrpc;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which Pod holds a device, asked of the kubelet's PodResources API (v1 {@code List}): a PreStartContainer request
 * names only devices, and this is the kubelet's supported way to map them to a Pod (the original read the kubelet's
 * internal checkpoint file, whose format changed). Thread-safe.
 */
public final class DeviceHolders implements AutoCloseable {
    private static final long DEADLINE_SECONDS = 5;
    private final ManagedChannel channel;

    /** A Pod by name. */
    public record PodName(String namespace, String name) {}

    public DeviceHolders(UnixGrpc grpc, Path podResourcesSocket) {
        this.channel = grpc.channel(podResourcesSocket);
    }

    /**
     * The Pod whose container holds every one of {@code deviceIds} of {@code resourceName}.
     *
     * @throws IllegalStateException when the kubelet cannot be asked
     */
    public Optional<PodName> holder(String resourceName, Collection<String> deviceIds) {
        ListPodResourcesResponse all;
        try {
            all = PodResourcesListerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .list(ListPodResourcesRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            throw new IllegalStateException(
                    "cannot ask the kubelet's PodResources API which Pod holds " + resourceName + " " + deviceIds + ": "
                            + e.getStatus(),
                    e);
        }
        return find(all, resourceName, deviceIds);
    }

    /** Pure: the search over one List answer. */
    static Optional<PodName> find(ListPodResourcesResponse all, String resourceName, Collection<String> deviceIds) {
        for (PodResources pod : all.getPodResourcesList()) {
            for (ContainerResources c : pod.getContainersList()) {
                for (ContainerDevices d : c.getDevicesList()) {
                    if (d.getResourceName().equals(resourceName)
                            && d.getDeviceIdsList().containsAll(deviceIds)) {
                        return Optional.of(new PodName(pod.getNamespace(), pod.getName()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        UnixGrpc.shutdown(channel);
    }
}
