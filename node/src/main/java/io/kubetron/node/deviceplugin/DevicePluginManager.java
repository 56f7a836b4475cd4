package io.kubetron.node.deviceplugin;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.kubetron.common.retry.Backoff;
import io.kubetron.kubelet.deviceplugin.v1beta1.DevicePluginOptions;
import io.kubetron.kubelet.deviceplugin.v1beta1.RegisterRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.RegistrationGrpc;
import io.kubetron.model.ResourceNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one device plugin (a gRPC server on its own socket, registered with the kubelet) per resource the node offers,
 * and keeps that set equal to the latest {@link NodeState}: new physnets start a plugin, vanished ones stop theirs,
 * and health changes reach every open ListAndWatch stream. When the kubelet restarts it wipes the plugin directory, so
 * {@link #restartAll()} serves every plugin again and registers it anew. A kubelet that drops a registration
 * without restarting (it closes the plugin's stream and never dials again) gets it again after a short backoff.
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
    /** How long after an accepted Register the kubelet has to open its stream (it dials at once). */
    private static final Duration STREAM_DEADLINE = Duration.ofSeconds(5);

    private static final Backoff REREGISTER =
            Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30)).withJitter(0.2);

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

    private record Running(String name, ResourcePlugin plugin, Server server, Path socket) {}

    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("kubetron-plugin-reregister").factory());

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
                    registerOrRetry(r);
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
                registerOrRetry(r);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers, and when a kubelet is there but the call fails, tries again with backoff: a restarting kubelet
     * creates its socket (bind) before it listens, and a registration in between is refused (ECONNREFUSED), after
     * which nothing else would bring the plugin back.
     */
    private void registerOrRetry(Running r) {
        if (register(r)) {
            expectStream(r);
        } else if (Files.exists(settings.kubeletSocket())) {
            schedule(r.name(), r.plugin(), REREGISTER.start());
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
     * kubelets since kubernetes/kubernetes pull request 135437 key a plugin's client by its socket path, so the end of
     * the previous server's stream then takes down only the previous client ({@code pkg/kubelet/cm/devicemanager/
     * plugin/v1beta1/handler.go}). Older kubelets key by resource name and may drop the new client anyway: see
     * {@link #dropped}.
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
                ResourceNames.MAIN.equals(name) ? preStart : null,
                p -> dropped(name, p));
        return new Running(name, plugin, grpc.serve(socket, plugin), socket);
    }

    /**
     * The kubelet closed the stream of a plugin we still serve. Either it is restarting (its new socket's creation
     * registers everything again) or its device manager disconnected this client while keeping running: Kubernetes
     * 1.31-1.36 do that to a plugin that registered again before the end of its previous stream, for every
     * resource name the end is seen under ({@code kubernetes/kubernetes pkg/kubelet/cm/devicemanager/plugin/v1beta1/
     * handler.go} {@code runClient}, issue 121994; an agent's rolling update meets it). Registering again is then the
     * only way back, and harmless when the kubelet is restarting.
     */
    private void dropped(String name, ResourcePlugin plugin) {
        LOG.info("{}: the kubelet closed its stream", plugin.resourceName());
        schedule(name, plugin, REREGISTER.start());
    }

    /**
     * A kubelet can also drop a client before its first ListAndWatch, which the plugin never sees: without a stream
     * soon after the Register, registering again is the only way to know.
     */
    private void expectStream(Running r) {
        try {
            retries.schedule(
                    () -> registerAgain(r.name(), r.plugin(), REREGISTER.start()),
                    STREAM_DEADLINE.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void schedule(String name, ResourcePlugin plugin, Backoff.Attempts attempts) {
        try {
            retries.schedule(
                    () -> registerAgain(name, plugin, attempts), attempts.next().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void registerAgain(String name, ResourcePlugin plugin, Backoff.Attempts attempts) {
        lock.lock();
        try {
            Running r = running.get(name);
            if (closed || r == null || r.plugin() != plugin || plugin.watched()) {
                return; // withdrawn, replaced by a restart, or the kubelet watches it
            }
            LOG.info("{}: no kubelet stream open; registering again", plugin.resourceName());
            if (!Files.exists(r.socket())) {
                // the kubelet wiped its directory while we were away: a fresh server and socket
                stop(r);
                r = start(name);
                running.put(name, r);
            }
            if (register(r)) {
                expectStream(r);
            } else if (Files.exists(settings.kubeletSocket())) {
                schedule(name, r.plugin(), attempts);
            }
        } finally {
            lock.unlock();
        }
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
            retries.shutdownNow();
            running.values().forEach(DevicePluginManager::stop);
            running.clear();
        } finally {
            lock.unlock();
        }
    }
}
