package io.kubetron.emulation.kubelet;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kubetron.kubelet.podresources.v1.AllocatableResourcesRequest;
import io.kubetron.kubelet.podresources.v1.AllocatableResourcesResponse;
import io.kubetron.kubelet.podresources.v1.ContainerDevices;
import io.kubetron.kubelet.podresources.v1.ContainerResources;
import io.kubetron.kubelet.podresources.v1.GetPodResourcesRequest;
import io.kubetron.kubelet.podresources.v1.GetPodResourcesResponse;
import io.kubetron.kubelet.podresources.v1.ListPodResourcesRequest;
import io.kubetron.kubelet.podresources.v1.ListPodResourcesResponse;
import io.kubetron.kubelet.podresources.v1.PodResources;
import io.kubetron.kubelet.podresources.v1.PodResourcesListerGrpc;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The PodResources v1 service over the emulator's allocations. Thread-safe (reads snapshots). */
final class PodResourcesServer extends PodResourcesListerGrpc.PodResourcesListerImplBase {
    private final Supplier<List<PodAllocation>> allocations;
    private final Supplier<List<PluginView>> plugins;

    PodResourcesServer(Supplier<List<PodAllocation>> allocations, Supplier<List<PluginView>> plugins) {
        this.allocations = allocations;
        this.plugins = plugins;
    }

    @Override
    public void list(ListPodResourcesRequest request, StreamObserver<ListPodResourcesResponse> response) {
        response.onNext(ListPodResourcesResponse.newBuilder()
                .addAllPodResources(pods(allocations.get()))
                .build());
        response.onCompleted();
    }

    @Override
    public void get(GetPodResourcesRequest request, StreamObserver<GetPodResourcesResponse> response) {
        List<PodResources> pods = pods(allocations.get().stream()
                .filter(a -> a.namespace().equals(request.getPodNamespace())
                        && a.podName().equals(request.getPodName()))
                .toList());
        if (pods.isEmpty()) {
            response.onError(Status.NOT_FOUND
                    .withDescription("pod " + request.getPodNamespace() + "/" + request.getPodName() + " not found")
                    .asRuntimeException());
            return;
        }
        response.onNext(GetPodResourcesResponse.newBuilder()
                .setPodResources(pods.getFirst())
                .build());
        response.onCompleted();
    }

    @Override
    public void getAllocatableResources(
            AllocatableResourcesRequest request, StreamObserver<AllocatableResourcesResponse> response) {
        AllocatableResourcesResponse.Builder b = AllocatableResourcesResponse.newBuilder();
        for (PluginView p : plugins.get()) {
            if (p.connected()) {
                b.addDevices(ContainerDevices.newBuilder()
                        .setResourceName(p.resourceName())
                        .addAllDeviceIds(p.devices().stream()
                                .filter(PluginView.DeviceView::healthy)
                                .map(PluginView.DeviceView::id)
                                .toList()));
            }
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    /** Groups allocations by Pod, then container, then resource, as the kubelet reports them. */
    private static List<PodResources> pods(List<PodAllocation> all) {
        Map<String, Map<String, List<PodAllocation>>> byPod = new LinkedHashMap<>();
        for (PodAllocation a : all) {
            byPod.computeIfAbsent(a.namespace() + "/" + a.podName(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(a.container(), k -> new ArrayList<>())
                    .add(a);
        }
        List<PodResources> out = new ArrayList<>();
        for (Map<String, List<PodAllocation>> containers : byPod.values()) {
            PodAllocation first = containers.values().iterator().next().getFirst();
            PodResources.Builder pod =
                    PodResources.newBuilder().setNamespace(first.namespace()).setName(first.podName());
            containers.forEach((name, allocs) -> {
                ContainerResources.Builder c = ContainerResources.newBuilder().setName(name);
                allocs.forEach(a -> c.addDevices(ContainerDevices.newBuilder()
                        .setResourceName(a.resourceName())
                        .addAllDeviceIds(a.deviceIds())));
                pod.addContainers(c);
            });
            out.add(pod.build());
        }
        return out;
    }
}
