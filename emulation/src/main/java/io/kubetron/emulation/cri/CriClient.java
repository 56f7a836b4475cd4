package io.kubetron.emulation.cri;

import io.grpc.ManagedChannel;
import io.kubetron.emulation.kubelet.UnixSockets;
import io.kubetron.kubelet.cri.v1.ContainerConfig;
import io.kubetron.kubelet.cri.v1.ContainerStatus;
import io.kubetron.kubelet.cri.v1.ContainerStatusRequest;
import io.kubetron.kubelet.cri.v1.CreateContainerRequest;
import io.kubetron.kubelet.cri.v1.ExecSyncRequest;
import io.kubetron.kubelet.cri.v1.ExecSyncResponse;
import io.kubetron.kubelet.cri.v1.ImageServiceGrpc;
import io.kubetron.kubelet.cri.v1.ImageSpec;
import io.kubetron.kubelet.cri.v1.ImageStatusRequest;
import io.kubetron.kubelet.cri.v1.ListPodSandboxRequest;
import io.kubetron.kubelet.cri.v1.PodSandboxConfig;
import io.kubetron.kubelet.cri.v1.PodSandboxStatusRequest;
import io.kubetron.kubelet.cri.v1.PodSandboxStatusResponse;
import io.kubetron.kubelet.cri.v1.RemoveContainerRequest;
import io.kubetron.kubelet.cri.v1.RemovePodSandboxRequest;
import io.kubetron.kubelet.cri.v1.RunPodSandboxRequest;
import io.kubetron.kubelet.cri.v1.RuntimeServiceGrpc;
import io.kubetron.kubelet.cri.v1.StartContainerRequest;
import io.kubetron.kubelet.cri.v1.StopContainerRequest;
import io.kubetron.kubelet.cri.v1.StopPodSandboxRequest;
import io.kubetron.kubelet.cri.v1.VersionRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kubelet's side of CRI's RuntimeService on a runtime's unix socket (the calls kubernetes/kubernetes
 * {@code pkg/kubelet/kuberuntime} makes through {@code staging/src/k8s.io/cri-client/pkg/remote_runtime.go}), each
 * with a deadline as the kubelet sets one ({@code --runtime-request-timeout}, 2 minutes by default). Thread-safe.
 */
public final class CriClient implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The kubelet's default {@code runtimeRequestTimeout} (pkg/kubelet/apis/config/v1beta1/defaults.go). */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final UnixSockets sockets = new UnixSockets();
    private final ManagedChannel channel;

    /** Connects (lazily, as gRPC does) to the runtime at {@code socket}. */
    public CriClient(Path socket) {
        this.channel = sockets.channel(socket);
    }

    private RuntimeServiceGrpc.RuntimeServiceBlockingStub runtime() {
        return RuntimeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ImageServiceGrpc.ImageServiceBlockingStub images() {
        return ImageServiceGrpc.newBlockingStub(channel).withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The user an image on the node runs as ({@code ImageStatus}): empty if the image is not there.
     *
     * @return {@code uid} empty when the image names its user by name
     */
    public Optional<ImageUser> imageUser(String image) {
        var r = images().imageStatus(ImageStatusRequest.newBuilder()
                .setImage(ImageSpec.newBuilder().setImage(image))
                .build());
        if (!r.hasImage()) {
            return Optional.empty();
        }
        var i = r.getImage();
        return Optional.of(new ImageUser(
                i.hasUid() ? OptionalLong.of(i.getUid().getValue()) : OptionalLong.empty(), i.getUsername()));
    }

    /** An image's user: numeric, or by name. */
    public record ImageUser(OptionalLong uid, String username) {}

    /** The runtime's name and version, as {@code crictl version} prints them ({@code containerd 1.6.20~ds1}). */
    public String version() {
        var v = runtime().version(VersionRequest.newBuilder().setVersion("v1").build());
        return v.getRuntimeName() + " " + v.getRuntimeVersion();
    }

    /** Makes a sandbox (its network namespace, the primary network through CNI, the pause process); its id. */
    public String runPodSandbox(PodSandboxConfig config) {
        return runtime()
                .runPodSandbox(
                        RunPodSandboxRequest.newBuilder().setConfig(config).build())
                .getPodSandboxId();
    }

    /** The sandbox's state with the runtime's verbose info (pause PID, network namespace path). */
    public SandboxStatus sandboxStatus(String id) {
        PodSandboxStatusResponse r = runtime()
                .podSandboxStatus(PodSandboxStatusRequest.newBuilder()
                        .setPodSandboxId(id)
                        .setVerbose(true)
                        .build());
        return SandboxStatus.of(r, info(r));
    }

    private static JsonNode info(PodSandboxStatusResponse r) {
        String info = r.getInfoMap().get("info");
        return info == null ? JSON.createObjectNode() : JSON.readTree(info);
    }

    /** Ids of the sandboxes the runtime has, ready or not. */
    public List<String> sandboxes() {
        return runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList().stream()
                .map(s -> s.getId())
                .toList();
    }

    /** Creates a container in a sandbox (not started); its id. */
    public String createContainer(String sandboxId, ContainerConfig config, PodSandboxConfig sandboxConfig) {
        return runtime()
                .createContainer(CreateContainerRequest.newBuilder()
                        .setPodSandboxId(sandboxId)
                        .setConfig(config)
                        .setSandboxConfig(sandboxConfig)
                        .build())
                .getContainerId();
    }

    /** A container's state, exit code and reason. */
    public ContainerStatus containerStatus(String id) {
        return runtime()
                .containerStatus(
                        ContainerStatusRequest.newBuilder().setContainerId(id).build())
                .getStatus();
    }

    /** A running container's process as seen from the host, from the runtime's verbose info; 0 if it has none. */
    public long containerPid(String id) {
        var r = runtime()
                .containerStatus(ContainerStatusRequest.newBuilder()
                        .setContainerId(id)
                        .setVerbose(true)
                        .build());
        String info = r.getInfoMap().get("info");
        return info == null ? 0 : JSON.readTree(info).path("pid").asLong(0);
    }

    public void startContainer(String id) {
        runtime()
                .startContainer(
                        StartContainerRequest.newBuilder().setContainerId(id).build());
    }

    /** Stops a container, SIGKILL after {@code grace} (the Pod's termination grace period). */
    public void stopContainer(String id, Duration grace) {
        runtime()
                .stopContainer(StopContainerRequest.newBuilder()
                        .setContainerId(id)
                        .setTimeout(grace.toSeconds())
                        .build());
    }

    public void removeContainer(String id) {
        runtime()
                .removeContainer(
                        RemoveContainerRequest.newBuilder().setContainerId(id).build());
    }

    /** Runs {@code cmd} in a running container and waits for it ({@code kubectl exec} without a terminal). */
    public ExecResult execSync(String containerId, List<String> cmd, Duration timeout) {
        ExecSyncResponse r = runtime()
                .execSync(ExecSyncRequest.newBuilder()
                        .setContainerId(containerId)
                        .addAllCmd(cmd)
                        .setTimeout(timeout.toSeconds())
                        .build());
        return new ExecResult(
                r.getExitCode(),
                r.getStdout().toString(StandardCharsets.UTF_8),
                r.getStderr().toString(StandardCharsets.UTF_8));
    }

    /** Stops every container of the sandbox and the sandbox, and tears its network down (CNI DEL). */
    public void stopPodSandbox(String id) {
        runtime()
                .stopPodSandbox(
                        StopPodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    public void removePodSandbox(String id) {
        runtime()
                .removePodSandbox(
                        RemovePodSandboxRequest.newBuilder().setPodSandboxId(id).build());
    }

    @Override
    public void close() {
        UnixSockets.stop(channel);
        sockets.close();
    }

    /** What a command run with {@link #execSync} gave. */
    public record ExecResult(int exitCode, String stdout, String stderr) {}
}
