package io.kubetron.emulation.kubelet;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.kubetron.kubelet.deviceplugin.v1beta1.AllocateRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.AllocateResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.ContainerAllocateRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.DevicePluginGrpc;
import io.kubetron.kubelet.deviceplugin.v1beta1.DevicePluginOptions;
import io.kubetron.kubelet.deviceplugin.v1beta1.Empty;
import io.kubetron.kubelet.deviceplugin.v1beta1.ListAndWatchResponse;
import io.kubetron.kubelet.deviceplugin.v1beta1.PreStartContainerRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The kubelet's side of one registered plugin: after Register it dials the plugin's socket, asks for its options,
 * and keeps a ListAndWatch stream open, remembering the latest device list. Thread-safe (volatile snapshots).
 */
final class PluginConnection {
    private final String resourceName;
    private final String endpoint;
    private final ManagedChannel channel;
    private final int registrations;
    private volatile DevicePluginOptions options = DevicePluginOptions.getDefaultInstance();
    private volatile List<PluginView.DeviceView> devices = List.of();
    private volatile boolean connected;
    private final Runnable onChange;
    private final Consumer<PluginConnection> onStreamEnd;

    /**
     * @param onStreamEnd told once the ListAndWatch stream has ended, however it ended (the kubelet's {@code runClient}
     *     goroutine returning from {@code Run})
     */
    PluginConnection(
            String resourceName,
            String endpoint,
            ManagedChannel channel,
            int registrations,
            Runnable onChange,
            Consumer<PluginConnection> onStreamEnd) {
        this.resourceName = resourceName;
        this.endpoint = endpoint;
        this.channel = channel;
        this.registrations = registrations;
        this.onChange = onChange;
        this.onStreamEnd = onStreamEnd;
    }

    String resourceName() {
        return resourceName;
    }

    String endpoint() {
        return endpoint;
    }

    /** What the kubelet does right after a successful Register: options, then the device stream. */
    void open() {
        options = DevicePluginGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .getDevicePluginOptions(Empty.getDefaultInstance());
        connected = true;
        DevicePluginGrpc.newStub(channel).listAndWatch(Empty.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(ListAndWatchResponse r) {
                devices = r.getDevicesList().stream()
                        .map(d -> new PluginView.DeviceView(d.getID(), "Healthy".equals(d.getHealth())))
                        .toList();
                onChange.run();
            }

            @Override
            public void onError(Throwable t) {
                closed();
            }

            @Override
            public void onCompleted() {
                closed();
            }
        });
    }

    private void closed() {
        connected = false;
        onChange.run();
        onStreamEnd.accept(this);
    }

    AllocateResponse allocate(List<String> ids) {
        return DevicePluginGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .allocate(AllocateRequest.newBuilder()
                        .addContainerRequests(
                                ContainerAllocateRequest.newBuilder().addAllDevicesIds(ids))
                        .build());
    }

    /** Called before the container starts, only when the plugin asked for it. */
    void preStart(List<String> ids) {
        if (options.getPreStartRequired()) {
            DevicePluginGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .preStartContainer(PreStartContainerRequest.newBuilder()
                            .addAllDevicesIds(ids)
                            .build());
        }
    }

    PluginView view() {
        return new PluginView(resourceName, endpoint, registrations, connected, options.getPreStartRequired(), devices);
    }

    void close() {
        connected = false;
        UnixSockets.stop(channel);
    }
}
