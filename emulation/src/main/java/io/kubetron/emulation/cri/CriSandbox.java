package io.kubetron.emulation.cri;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.common.exec.Exec;
import io.kubetron.common.retry.Wait;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.kubelet.cri.v1.ContainerConfig;
import io.kubetron.kubelet.cri.v1.ContainerState;
import io.kubetron.kubelet.cri.v1.ContainerStatus;
import io.kubetron.kubelet.cri.v1.KeyValue;
import io.kubetron.kubelet.cri.v1.PodSandboxConfig;
import io.kubetron.lab.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A Pod run by a real runtime over CRI, in the kubelet's order (kubernetes/kubernetes
 * {@code pkg/kubelet/kuberuntime/kuberuntime_manager.go} {@code SyncPod} with {@code computePodActions}): the sandbox
 * ({@code RunPodSandbox}), then each init container started and, unless it is a native sidecar
 * ({@code restartPolicy: Always}, which only has to be started), run to a zero exit before the next; then every
 * container. Each container is made as {@code kuberuntime_container.go} {@code startContainer} makes it: the device
 * plugins' {@code PreStartContainer} (the {@code beforeCreate} hook: the device manager calls it while the container's
 * options are generated), {@code CreateContainer}, {@code StartContainer}. Not emulated: restarting failed containers
 * (a failed init container fails the Pod's start here), probes, and image pulls (the images are imported already).
 * Not thread-safe.
 */
public final class CriSandbox implements Sandbox {
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INIT_TIMEOUT = Duration.ofMinutes(2);

    private final CriClient cri;
    private final Pod pod;
    private final CriNode node;
    private final PodVolumes volumes;
    private final String id;
    private final SandboxStatus status;
    private final PodSandboxConfig config;
    /** Started containers by name, in start order; stopped ones leave. */
    private final Map<String, String> running = new LinkedHashMap<>();

    private final Map<String, String> serviceEnv;

    private CriSandbox(
            CriClient cri,
            Pod pod,
            CriNode node,
            PodVolumes volumes,
            String id,
            SandboxStatus status,
            PodSandboxConfig config,
            Map<String, String> serviceEnv) {
        this.serviceEnv = serviceEnv;
        this.cri = cri;
        this.pod = pod;
        this.node = node;
        this.volumes = volumes;
        this.id = id;
        this.status = status;
        this.config = config;
    }

    /**
     * Runs the Pod: volumes, sandbox, init containers, containers.
     *
     * @param beforeCreate called with each container just before it is created
     * @throws IllegalArgumentException when the kubelet would refuse the Pod or a container's config (nothing is left)
     * @throws RuntimeException when the runtime fails a step or an init container fails (nothing is left)
     */
    public static CriSandbox run(CriClient cri, Pod pod, CriNode node, Consumer<Container> beforeCreate) {
        return run(cri, pod, node, VolumeSources.none(), Map.of(), beforeCreate);
    }

    /**
     * Runs the Pod, its API-backed volumes from {@code sources}, with {@code serviceEnv} first in every container's
     * environment (the kubelet's service variables; the container's own come after and win).
     */
    public static CriSandbox run(
            CriClient cri,
            Pod pod,
            CriNode node,
            VolumeSources sources,
            Map<String, String> serviceEnv,
            Consumer<Container> beforeCreate) {
        PodVolumes volumes = PodVolumes.setUp(pod, node, sources);
        CriSandbox s = null;
        try {
            PodSandboxConfig config = CriPodConfig.sandbox(pod, node);
            Files.createDirectories(Path.of(config.getLogDirectory()));
            String id = cri.runPodSandbox(config);
            s = new CriSandbox(cri, pod, node, volumes, id, cri.sandboxStatus(id), config, serviceEnv);
            for (Container c : pod.getSpec().getInitContainers() == null
                    ? List.<Container>of()
                    : pod.getSpec().getInitContainers()) {
                String cid = s.start(c, beforeCreate);
                if (!"Always".equals(c.getRestartPolicy())) {
                    s.awaitCompletion(c, cid);
                }
            }
            for (Container c : pod.getSpec().getContainers()) {
                s.start(c, beforeCreate);
            }
            return s;
        } catch (IOException | RuntimeException e) {
            if (s != null) {
                s.close();
            } else {
                volumes.close();
                FileTrees.delete(CriPodConfig.logDirectory(pod, node));
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private String start(Container c, Consumer<Container> beforeCreate) {
        CriClient.ImageUser user = cri.imageUser(c.getImage())
                .orElseThrow(() -> new IllegalStateException("container " + c.getName() + ": image " + c.getImage()
                        + " is not on node " + node.name() + " (ErrImageNeverPull: nothing can be pulled here)"));
        CriPodConfig.runAsNonRootViolation(pod, c, user.uid(), user.username()).ifPresent(m -> {
            throw new IllegalArgumentException("CreateContainerConfigError: " + m);
        });
        beforeCreate.accept(c);
        ContainerConfig made = CriPodConfig.container(pod, c, node, volumes.mounts(c, status.ip()), status.ip(), 0);
        ContainerConfig.Builder withService = made.toBuilder().clearEnvs();
        serviceEnv.forEach(
                (k, v) -> withService.addEnvs(KeyValue.newBuilder().setKey(k).setValue(v)));
        withService.addAllEnvs(made.getEnvsList());
        String cid = cri.createContainer(id, withService.build(), config);
        cri.startContainer(cid);
        running.put(c.getName(), cid);
        return cid;
    }

    private void awaitCompletion(Container c, String cid) {
        ContainerStatus[] last = new ContainerStatus[1];
        Wait.upTo(INIT_TIMEOUT)
                .every(Duration.ofMillis(50))
                .until(
                        "init container " + c.getName() + " of "
                                + pod.getMetadata().getName() + " to complete",
                        () -> {
                            last[0] = cri.containerStatus(cid);
                            return last[0].getState() == ContainerState.CONTAINER_EXITED;
                        });
        running.remove(c.getName());
        if (last[0].getExitCode() != 0) {
            throw new IllegalStateException(
                    "init container " + c.getName() + " of " + pod.getMetadata().getName() + " exited with code "
                            + last[0].getExitCode() + " (" + last[0].getReason() + ")" + lastLog(c));
        }
    }

    private String lastLog(Container c) {
        Path log = Path.of(config.getLogDirectory()).resolve(c.getName()).resolve("0.log");
        try {
            List<String> lines = Files.readAllLines(log);
            // CRI log lines are "<time> <stream> <tag> <message>"
            return lines.isEmpty() ? "" : ": " + lines.getLast().split(" ", 4)[3];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "";
        }
    }

    /** A container's log so far, its lines' messages without the CRI prefix ({@code kubectl logs}). */
    public String logs(String container) {
        Path log = Path.of(config.getLogDirectory()).resolve(container).resolve("0.log");
        try {
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(log)) {
                // "<time> <stream> <P|F> <message>"
                String[] parts = line.split(" ", 4);
                out.append(parts.length == 4 ? parts[3] : line).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** The runtime's sandbox id. */
    public String id() {
        return id;
    }

    /** The sandbox's primary address, from the CNI plugin. */
    public String ip() {
        return status.ip();
    }

    /** The network namespace the runtime made, as a path. */
    public Path netns() {
        return Path.of(status.netns().orElseThrow(() -> new IllegalStateException("a host-network Pod has none")));
    }

    /** The host PID of a running container's first process (to look at it from the node, as an operator would). */
    public long containerPid(String name) {
        String cid = running.get(name);
        if (cid == null) {
            throw new IllegalStateException(
                    "container " + name + " of " + pod.getMetadata().getName() + " is not running");
        }
        return cri.containerPid(cid);
    }

    @Override
    public String uid() {
        return pod.getMetadata().getUid();
    }

    @Override
    public long pid() {
        return status.pid() == 0 ? -1 : status.pid();
    }

    /**
     * {@code kubectl exec} without a terminal: {@code ExecSync} in the container the
     * {@code kubectl.kubernetes.io/default-container} annotation names, else the first container.
     */
    @Override
    public Exec.Result exec(String... command) {
        String target = pod.getMetadata().getAnnotations() == null
                ? null
                : pod.getMetadata().getAnnotations().get("kubectl.kubernetes.io/default-container");
        String name = target != null
                ? target
                : pod.getSpec().getContainers().getFirst().getName();
        String cid = running.get(name);
        if (cid == null) {
            throw new IllegalStateException(
                    "container " + name + " of " + pod.getMetadata().getName() + " is not running");
        }
        CriClient.ExecResult r = cri.execSync(cid, List.of(command), EXEC_TIMEOUT);
        return new Exec.Result(List.of(command), r.exitCode(), r.stdout(), r.stderr());
    }

    @Override
    public boolean stopContainer(String name) {
        String cid = running.remove(name);
        if (cid == null) {
            return false;
        }
        cri.stopContainer(cid, Duration.ofSeconds(CriPodConfig.gracePeriodSeconds(pod)));
        return true;
    }

    @Override
    public Set<String> runningContainers() {
        return Set.copyOf(running.keySet());
    }

    /**
     * The kubelet's {@code killPodWithSyncResult}: the containers stopped (the last started first, so native sidecars
     * after the containers they serve), then {@code StopPodSandbox} (CNI DEL) and {@code RemovePodSandbox}; the log
     * directory and the Pod's directory go. Each step is tried even when an earlier one failed.
     */
    @Override
    public void close() {
        List<String> names = new ArrayList<>(running.keySet());
        for (String n : names.reversed()) {
            try {
                stopContainer(n);
            } catch (RuntimeException e) {
                System.err.println(
                        "stopping container " + n + " of " + pod.getMetadata().getName() + ": " + e);
            }
        }
        try {
            cri.stopPodSandbox(id);
            cri.removePodSandbox(id);
        } catch (RuntimeException e) {
            System.err.println(
                    "removing sandbox " + id + " of " + pod.getMetadata().getName() + ": " + e);
        }
        volumes.close();
        FileTrees.delete(Path.of(config.getLogDirectory()));
    }
}
