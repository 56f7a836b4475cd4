package io.kubetron.node.deviceplugin;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.kubetron.kubelet.deviceplugin.v1beta1.DevicePluginOptions;
import io.kubetron.kubelet.deviceplugin.v1beta1.RegisterRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.RegistrationGrpc;
import io.kubetron.model.ResourceNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one device plugin (a gRPC server on its own socket, registered with the kubelet) per resource the node offers,
 * and keeps that set equal to the latest {@link NodeState}: new physnets start a plugin, vanished ones stop theirs,
 * and health changes reach every open ListAndWatch stream. When the kubelet restarts it wipes the plugin directory, so
 * {@link #restartAll()} serves every plugin again and registers it anew.
 *
 * <p>Thread-safety: thread-safe; changes are serialized by one lock (they are rare and short: no call waits on the
 * kubelet for longer than the registration deadline).
 */
final class DevicePluginManager implements AutoCloseable {
    /** The API version the plugins are written against. */
    public static final String API_VERSION = "v1beta1";

    private static final DevicePluginOptions PLAIN = options(false);
    private static final Logger LOG = LoggerFactory.getLogger(DevicePluginManager.class);
    private static final long REGISTER_DEADLINE_SECONDS = 5;

    private final DevicePluginSettings settings;
    private final UnixGrpc grpc;
    /** Asked for by {@code main} only: every Pod with networks holds exactly one of it. Null: none. */
    private final PreStartHook preStart;

    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private final Map<String, Running> running = new TreeMap<>();
    /** Guarded by {@link #lock}. */
    private boolean healthy = true;

    private boolean closed;
    /** This agent's mark in its socket names; guarded by {@link #lock}. */
    private final String token = Long.toString(ProcessHandle.current().pid(), 36)
            + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
    /** Guarded by {@link #lock}. */
    private long generation;

    private record Running(ResourcePlugin plugin, Server server, Path socket) {}

    public DevicePluginManager(DevicePluginSettings settings, UnixGrpc grpc, PreStartHook preStart) {
        this.settings = settings;
        this.grpc = grpc;
        this.preStart = preStart;
    }

    static DevicePluginOptions options(boolean preStartRequired) {
        return DevicePluginOptions.newBuilder()
                .setPreStartRequired(preStartRequired)
                .setGetPreferredAllocationAvailable(false)
                .build();
    }

    /** Brings the running plugins and their health in line with {@code state}. */
    public void apply(NodeState state) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            SortedSet<String> desired = state.resources();
            for (String name : Set.copyOf(running.keySet())) {
                if (!desired.contains(name)) {
                    stop(running.remove(name));
                    LOG.info("withdrew {}", settings.qualified(name));
                }
            }
            healthy = state.healthy();
            for (Running r : running.values()) {
                r.plugin().setHealthy(healthy);
            }
            for (String name : desired) {
                if (!running.containsKey(name)) {
                    Running r = start(name);
                    running.put(name, r);
                    register(r);
                }
            }
            if (!healthy) {
                LOG.warn("devices unhealthy: {}", state.reason(settings.integrationBridge()));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Serves every plugin again on a fresh socket and registers it: what a restarted kubelet needs. */
    public void restartAll() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (Map.Entry<String, Running> e : running.entrySet()) {
                stop(e.getValue());
                Running r = start(e.getKey());
                e.setValue(r);
                register(r);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The resources currently served, without namespace. */
    public Set<String> served() {
        lock.lock();
        try {
            return new TreeSet<>(running.keySet());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Each server gets a socket name of its own ({@code kubetron-<name>-<token>-<n>.sock}), never the previous one's:
     * the kubelet keys a plugin's endpoint by its socket, and a re-registration on the same path can be torn down by
     * the end of the old endpoint's stream (kubernetes/kubernetes issue 121994; {@code pkg/kubelet/cm/devicemanager/
     * plugin/v1beta1/handler.go}), leaving the resource unregistered while the agent thinks it is served.
     */
    private Path socketFor(String name) {
        return settings.pluginDir().resolve("kubetron-" + name + "-" + token + "-" + (++generation) + ".sock");
    }

    /** Sockets an earlier agent on this node left (it died without removing them): never served again. */
    private void removeStaleSockets() {
        try (var files = Files.list(settings.pluginDir())) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.startsWith("kubetron-") && n.endsWith(".sock") && !n.contains("-" + token + "-")) {
                    Files.deleteIfExists(f);
                    LOG.info("removed a stale plugin socket {}", n);
                }
            }
        } catch (java.io.IOException e) {
            LOG.debug("cannot list {}: {}", settings.pluginDir(), e.toString());
        }
    }

    private Running start(String name) {
        if (generation == 0) {
            removeStaleSockets();
        }
        Path socket = socketFor(name);
        ResourcePlugin plugin = new ResourcePlugin(
                settings.qualified(name),
                settings.devicesFor(name),
                healthy,
                ResourceNames.MAIN.equals(name) ? preStart : null);
        return new Running(plugin, grpc.serve(socket, plugin), socket);
    }

    /**
     * The socket goes first, then the streams and the server: whoever sees the stream end (the kubelet) finds the
     * socket already gone, and a new server on the same path never meets the old file.
     */
    private static void stop(Running r) {
        try {
            Files.deleteIfExists(r.socket());
        } catch (java.io.IOException e) {
            LOG.warn("cannot remove {}: {}", r.socket(), e.toString());
        }
        r.plugin().endStreams();
        UnixGrpc.shutdown(r.server());
    }

    /** Registers with the kubelet; a kubelet that is not there yet is fine (its socket's creation triggers a retry). */
    private boolean register(Running r) {
        Path kubelet = settings.kubeletSocket();
        if (!Files.exists(kubelet)) {
            LOG.info(
                    "{}: no kubelet at {} yet; registering when it appears",
                    r.plugin().resourceName(),
                    kubelet);
            return false;
        }
        ManagedChannel ch = grpc.channel(kubelet);
        try {
            RegistrationGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(REGISTER_DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .register(RegisterRequest.newBuilder()
                            .setVersion(API_VERSION)
                            .setEndpoint(r.socket().getFileName().toString())
                            .setResourceName(r.plugin().resourceName())
                            .setOptions(options(r.plugin().asksPreStart()))
                            .build());
            LOG.info("registered {} ({})", r.plugin().resourceName(), r.socket().getFileName());
            return true;
        } catch (StatusRuntimeException e) {
            LOG.warn(
                    "kubelet refused or missed the registration of {}: {}",
                    r.plugin().resourceName(),
                    e.getStatus());
            return false;
        } finally {
            UnixGrpc.shutdown(ch);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            running.values().forEach(DevicePluginManager::stop);
            running.clear();
        } finally {
            lock.unlock();
        }
    }
}
