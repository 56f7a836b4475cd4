package io.kubetron.node.deviceplugin;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.kubetron.kubelet.deviceplugin.v1beta1.AllocateRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.AllocateResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.ContainerAllocateRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.ContainerAllocateResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.ContainerPreferredAllocationResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.Device;
import io.kubetron.kubelet.deviceplugin.v1beta1.DevicePluginGrpc;
import io.kubetron.kubelet.deviceplugin.v1beta1.DevicePluginOptions;
import io.kubetron.kubelet.deviceplugin.v1beta1.Empty;
import io.kubetron.kubelet.deviceplugin.v1beta1.ListAndWatchResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.PreStartContainerRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.PreStartContainerResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.PreferredAllocationRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.PreferredAllocationResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DevicePlugin service of one resource. Its devices are tokens, not hardware: a device stands for the right to
 * one attachment, so the count caps what the scheduler places here and health tells it whether attachments would
 * work. Thread-safe: the health flag is volatile and each stream serializes its own writes.
 */
final class ResourcePlugin extends DevicePluginGrpc.DevicePluginImplBase {
    static final String HEALTHY = "Healthy";
    static final String UNHEALTHY = "Unhealthy";
    private static final Logger LOG = LoggerFactory.getLogger(ResourcePlugin.class);

    private final String resourceName;
    private final List<String> deviceIds;
    private final Set<String> known;
    private final List<DeviceStream> streams = new CopyOnWriteArrayList<>();
    private volatile boolean healthy;
    /** Set once we end the streams ourselves: their ends are then no news. */
    private volatile boolean ending;
    /** Null when this resource does not ask for PreStartContainer. */
    private final PreStartHook preStart;

    private final java.util.function.Consumer<ResourcePlugin> onDropped;

    /**
     * @param onDropped run when the kubelet has closed the last ListAndWatch stream while this plugin still serves:
     *     the kubelet no longer offers the resource and will not dial again by itself
     */
    ResourcePlugin(
            String resourceName,
            int devices,
            boolean healthy,
            PreStartHook preStart,
            java.util.function.Consumer<ResourcePlugin> onDropped) {
        this.resourceName = resourceName;
        this.preStart = preStart;
        this.onDropped = onDropped;
        List<String> ids = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            ids.add(String.format("dev-%05d", i));
        }
        this.deviceIds = List.copyOf(ids);
        this.known = Set.copyOf(ids);
        this.healthy = healthy;
    }

    String resourceName() {
        return resourceName;
    }

    boolean asksPreStart() {
        return preStart != null;
    }

    boolean healthy() {
        return healthy;
    }

    /** Pushes the new health to every open stream; a no-op when unchanged. */
    void setHealthy(boolean now) {
        if (healthy == now) {
            return;
        }
        healthy = now;
        ListAndWatchResponse list = devices();
        streams.removeIf(s -> !s.send(list));
    }

    /** Whether a kubelet holds a ListAndWatch stream open now. */
    boolean watched() {
        return !streams.isEmpty();
    }

    /** Ends every stream: the kubelet then stops offering this resource. */
    void endStreams() {
        ending = true;
        streams.forEach(DeviceStream::end);
        streams.clear();
    }

    private ListAndWatchResponse devices() {
        String health = healthy ? HEALTHY : UNHEALTHY;
        ListAndWatchResponse.Builder b = ListAndWatchResponse.newBuilder();
        for (String id : deviceIds) {
            b.addDevices(Device.newBuilder().setID(id).setHealth(health));
        }
        return b.build();
    }

    @Override
    public void getDevicePluginOptions(Empty request, StreamObserver<DevicePluginOptions> response) {
        response.onNext(DevicePluginManager.options(preStart != null));
        response.onCompleted();
    }

    @Override
    public void listAndWatch(Empty request, StreamObserver<ListAndWatchResponse> response) {
        DeviceStream stream = new DeviceStream((ServerCallStreamObserver<ListAndWatchResponse>) response);
        ((ServerCallStreamObserver<ListAndWatchResponse>) response).setOnCancelHandler(() -> {
            streams.remove(stream);
            if (streams.isEmpty() && !ending) {
                onDropped.accept(this);
            }
        });
        streams.add(stream);
        // a health change between add and this first send is harmless: the stream then gets two full lists in
        // whichever order its lock allows, and the later one carries the current health
        if (!stream.send(devices())) {
            streams.remove(stream);
        }
        LOG.debug("{}: kubelet watching ({} streams)", resourceName, streams.size());
    }

    @Override
    public void getPreferredAllocation(
            PreferredAllocationRequest request, StreamObserver<PreferredAllocationResponse> response) {
        // every device is alike: take the first ones offered
        PreferredAllocationResponse.Builder b = PreferredAllocationResponse.newBuilder();
        request.getContainerRequestsList()
                .forEach(c -> b.addContainerResponses(ContainerPreferredAllocationResponse.newBuilder()
                        .addAllDeviceIDs(c.getAvailableDeviceIDsList()
                                .subList(0, Math.min(c.getAllocationSize(), c.getAvailableDeviceIDsCount())))));
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
        AllocateResponse.Builder b = AllocateResponse.newBuilder();
        for (ContainerAllocateRequest c : request.getContainerRequestsList()) {
            for (String id : c.getDevicesIdsList()) {
                if (!known.contains(id)) {
                    response.onError(Status.INVALID_ARGUMENT
                            .withDescription(resourceName + " has no device " + id)
                            .asRuntimeException());
                    return;
                }
            }
            // the requesting container only holds the resources: the interfaces are plumbed by the node agent
            // into the Pod's network namespace, which no container setting could express
            b.addContainerResponses(ContainerAllocateResponse.getDefaultInstance());
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    @Override
    public void preStartContainer(
            PreStartContainerRequest request, StreamObserver<PreStartContainerResponse> response) {
        if (preStart == null) {
            response.onNext(PreStartContainerResponse.getDefaultInstance());
            response.onCompleted();
            return;
        }
        // answered when the hook completes, not on a gRPC thread held for the whole plumbing
        preStart.beforeStart(List.copyOf(request.getDevicesIdsList())).whenComplete((ok, error) -> {
            if (error == null) {
                response.onNext(PreStartContainerResponse.getDefaultInstance());
                response.onCompleted();
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
                LOG.warn(
                        "{}: PreStartContainer failed devices={} error=\"{}\"",
                        resourceName,
                        request.getDevicesIdsList(),
                        cause.getMessage());
                response.onError(
                        Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException());
            }
        });
    }
}
