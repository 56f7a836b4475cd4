package io.kubetron.emulation.kubelet;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.kubetron.kubelet.deviceplugin.v1beta1.Empty;
import io.kubetron.kubelet.deviceplugin.v1beta1.RegisterRequest;
import io.kubetron.kubelet.deviceplugin.v1beta1.RegistrationGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet's device manager and pod-resources endpoint, speaking the real protos over unix sockets, for tests of
 * device plugins:
 * <ul>
 *   <li>serves {@code Registration} on {@code <pluginDir>/kubelet.sock}; after each accepted Register it dials the
 *       plugin's endpoint, calls GetDevicePluginOptions and keeps ListAndWatch open, as the kubelet does;</li>
 *   <li>{@link #allocate} plays the kubelet admitting a container: Allocate, then PreStartContainer when the plugin
 *       asked for it, and records the result for the PodResources v1 service on {@code podResourcesSocket};</li>
 *   <li>{@link #restart()} plays a kubelet restart: the sockets go, the directory is wiped (the kubelet removes the
 *       plugins' sockets at start), and kubelet.sock is created again.</li>
 * </ul>
 * A second registration of a resource does not close the first one's connection, and the end of a stream tears down
 * a client the way the kubelet's {@link ClientTable table of clients} says (by default that of Kubernetes 1.31-1.36,
 * which can drop the newer registration). Thread-safe.
 */
public final class KubeletEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletEmulator.class);
    private final Path pluginDir;
    private final Path podResourcesSocket;
    private final UnixSockets sockets = new UnixSockets();
    private final ExecutorService dialer = Executors.newVirtualThreadPerTaskExecutor();
    /** The latest connection of each resource, live or not: what {@link #plugins()} shows. */
    private final Map<String, PluginConnection> plugins = new ConcurrentHashMap<>();
    /** The device manager's registered clients (its {@code server.clients}); guarded by itself. */
    private final Map<String, List<PluginConnection>> clients = new java.util.HashMap<>();

    private final ClientTable table;
    /** Counts kubelet restarts: a stream of an earlier kubelet process ending must not touch the new one's table. */
    private volatile int incarnation;

    private final Map<String, Integer> registrations = new ConcurrentHashMap<>();
    private final List<PodAllocation> allocations = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    private volatile Server registration;
    private final Server podResources;

    /**
     * How the kubelet's device manager keeps its clients, which decides what the end of a plugin's stream takes down
     * ({@code kubernetes/kubernetes pkg/kubelet/cm/devicemanager/plugin/v1beta1/handler.go}, {@code connectClient},
     * {@code registerClient}, {@code runClient}). Neither closes a client when the same resource registers again.
     */
    public enum ClientTable {
        /**
         * Kubernetes 1.31 to 1.36: one client per resource name, overwritten by a new registration; when any client's
         * ListAndWatch ends, {@code runClient} disconnects whichever client holds the name then. A plugin that
         * registers anew while its old stream is still open is dropped as soon as that old stream ends
         * (kubernetes/kubernetes issue 121994).
         */
        BY_RESOURCE,
        /**
         * After kubernetes/kubernetes pull request 135437: a list of clients per resource, and a stream's end
         * disconnects only the client of that socket path.
         */
        BY_SOCKET
    }

    private KubeletEmulator(Path pluginDir, Path podResourcesSocket, ClientTable table) {
        this.table = table;
        this.pluginDir = pluginDir;
        this.podResourcesSocket = podResourcesSocket;
        this.podResources = sockets.serve(
                podResourcesSocket,
                new PodResourcesServer(
                        () -> List.copyOf(allocations),
                        () -> List.copyOf(plugins().values())));
        startRegistration();
    }

    /**
     * Starts a kubelet whose device-plugins directory is {@code pluginDir} (created; wiped like the kubelet does)
     * and whose PodResources service listens on {@code podResourcesSocket}.
     */
    public static KubeletEmulator start(Path pluginDir, Path podResourcesSocket) {
        return start(pluginDir, podResourcesSocket, ClientTable.BY_RESOURCE);
    }

    /** As {@link #start(Path, Path)}, with the given device manager's {@link ClientTable}. */
    public static KubeletEmulator start(Path pluginDir, Path podResourcesSocket, ClientTable table) {
        return new KubeletEmulator(pluginDir, podResourcesSocket, table);
    }

    public Path kubeletSocket() {
        return pluginDir.resolve("kubelet.sock");
    }

    public Path podResourcesSocket() {
        return podResourcesSocket;
    }

    private void startRegistration() {
        wipe();
        registration = sockets.serve(kubeletSocket(), new RegistrationGrpc.RegistrationImplBase() {
            @Override
            public void register(RegisterRequest r, StreamObserver<Empty> response) {
                String refusal = refusal(r);
                if (refusal != null) {
                    response.onError(
                            Status.INVALID_ARGUMENT.withDescription(refusal).asRuntimeException());
                    return;
                }
                response.onNext(Empty.getDefaultInstance());
                response.onCompleted();
                // the kubelet connects back asynchronously, after answering
                dialer.execute(() -> connect(r));
            }
        });
    }

    private String refusal(RegisterRequest r) {
        if (!"v1beta1".equals(r.getVersion())) {
            return "unsupported API version " + r.getVersion();
        }
        if (!r.getResourceName().contains("/")) {
            return "resource name " + r.getResourceName() + " is not qualified";
        }
        if (r.getEndpoint().contains("/") || !Files.exists(pluginDir.resolve(r.getEndpoint()))) {
            return "endpoint " + r.getEndpoint() + " is not a socket in " + pluginDir;
        }
        return null;
    }

    private void connect(RegisterRequest r) {
        int n = registrations.merge(r.getResourceName(), 1, Integer::sum);
        int life = incarnation;
        PluginConnection c = new PluginConnection(
                r.getResourceName(),
                r.getEndpoint(),
                sockets.channel(pluginDir.resolve(r.getEndpoint())),
                n,
                this::signal,
                ended -> streamEnded(life, ended));
        synchronized (clients) {
            // registerClient: the earlier client of this resource is neither closed nor told
            if (table == ClientTable.BY_RESOURCE) {
                clients.put(r.getResourceName(), new ArrayList<>(List.of(c)));
            } else {
                clients.computeIfAbsent(r.getResourceName(), k -> new ArrayList<>())
                        .add(c);
            }
        }
        plugins.put(r.getResourceName(), c);
        try {
            c.open();
        } catch (RuntimeException e) {
            LOG.warn("cannot reach plugin {} at {}: {}", r.getResourceName(), r.getEndpoint(), e.toString());
            disconnect(c, c.endpoint());
        }
        signal();
    }

    /** {@code runClient} after {@code Run} returned: the table decides which client goes. */
    private void streamEnded(int life, PluginConnection ended) {
        if (life != incarnation) {
            return;
        }
        disconnect(ended, table == ClientTable.BY_RESOURCE ? null : ended.endpoint());
    }

    /** Deregisters and closes the resource's client of {@code endpoint}, or its only client when null. */
    private void disconnect(PluginConnection of, String endpoint) {
        PluginConnection victim = null;
        synchronized (clients) {
            List<PluginConnection> list = clients.get(of.resourceName());
            if (list != null) {
                for (PluginConnection x : list) {
                    if (endpoint == null || x.endpoint().equals(endpoint)) {
                        victim = x;
                        break;
                    }
                }
                list.remove(victim);
                if (list.isEmpty()) {
                    clients.remove(of.resourceName());
                }
            }
        }
        if (victim != null) {
            if (victim != of) {
                LOG.info(
                        "kubelet: the stream of {} at {} ended: disconnecting its newer client at {}",
                        of.resourceName(),
                        of.endpoint(),
                        victim.endpoint());
            }
            victim.close();
            signal();
        }
    }

    /** The client the device manager uses for a resource (its latest registration), if any is registered. */
    private PluginConnection live(String resourceName) {
        synchronized (clients) {
            List<PluginConnection> list = clients.get(resourceName);
            return list == null || list.isEmpty() ? null : list.getLast();
        }
    }

    private void signal() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Every plugin that ever registered, by resource name, as the kubelet sees it now. */
    public Map<String, PluginView> plugins() {
        Map<String, PluginView> out = new TreeMap<>();
        plugins.forEach((k, v) -> out.put(k, v.view()));
        return out;
    }

    /** The resources with devices in the node's capacity now (open stream, at least one device). */
    public Set<String> advertised() {
        return plugins().values().stream()
                .filter(p -> p.capacity() > 0)
                .map(PluginView::resourceName)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Waits until {@code condition} holds for the resource's view (empty while it never registered). */
    public Optional<PluginView> await(
            String resourceName, Predicate<Optional<PluginView>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (true) {
                Optional<PluginView> v = Optional.ofNullable(plugins().get(resourceName));
                if (condition.test(v)) {
                    return v;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(
                            "waited " + timeout.toMillis() + " ms for " + resourceName + "; kubelet sees " + plugins());
                }
                try {
                    changed.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
    }

    /**
     * Admits a container requesting {@code count} devices of {@code resourceName} and starts it: {@link #admit}, then
     * {@link #startContainer}.
     */
    public PodAllocation allocate(
            String podUid, String namespace, String podName, String container, String resourceName, int count) {
        PodAllocation a = admit(podUid, namespace, podName, container, resourceName, count);
        startContainer(a);
        return a;
    }

    /**
     * What the kubelet does when it admits a Pod: picks healthy free devices, calls Allocate, and records the
     * allocation, which the PodResources API reports from then on (before any container starts).
     */
    public PodAllocation admit(
            String podUid, String namespace, String podName, String container, String resourceName, int count) {
        PluginConnection c = live(resourceName);
        if (c == null) {
            throw new IllegalStateException(resourceName + " is not registered");
        }
        List<String> ids;
        PodAllocation a;
        synchronized (allocations) {
            Set<String> taken = new java.util.HashSet<>();
            allocations.stream()
                    .filter(x -> x.resourceName().equals(resourceName))
                    .forEach(x -> taken.addAll(x.deviceIds()));
            ids = c.view().devices().stream()
                    .filter(PluginView.DeviceView::healthy)
                    .map(PluginView.DeviceView::id)
                    .filter(id -> !taken.contains(id))
                    .limit(count)
                    .toList();
            if (ids.size() < count) {
                throw new IllegalStateException("only " + ids.size() + " free healthy devices of " + resourceName);
            }
            a = new PodAllocation(podUid, namespace, podName, container, resourceName, new ArrayList<>(ids));
            allocations.add(a);
        }
        try {
            c.allocate(ids);
        } catch (RuntimeException e) {
            allocations.remove(a);
            throw e;
        }
        return a;
    }

    /**
     * What the kubelet does just before it starts the container that holds {@code a}'s devices: PreStartContainer
     * when the plugin asked for it, blocking as the kubelet does (its deadline: 30 s).
     *
     * @throws io.grpc.StatusRuntimeException when the plugin fails the call (the kubelet would not start the
     *     container)
     */
    public void startContainer(PodAllocation a) {
        PluginConnection c = live(a.resourceName());
        if (c == null) {
            throw new IllegalStateException(a.resourceName() + " is not registered");
        }
        c.preStart(a.deviceIds());
    }

    /** Devices of {@code resourceName} given to containers now. */
    public long allocated(String resourceName) {
        return allocations.stream()
                .filter(a -> a.resourceName().equals(resourceName))
                .mapToLong(a -> a.deviceIds().size())
                .sum();
    }

    /** Forgets a Pod's allocations, as the kubelet does once the Pod is gone. */
    public void release(String podUid) {
        allocations.removeIf(a -> a.podUid().equals(podUid));
    }

    /** A kubelet restart: connections and sockets go, the directory is wiped, kubelet.sock comes back. */
    public void restart() {
        UnixSockets.stop(registration);
        incarnation++;
        synchronized (clients) {
            clients.clear();
        }
        plugins.values().forEach(PluginConnection::close);
        signal();
        startRegistration();
    }

    private void wipe() {
        try {
            Files.createDirectories(pluginDir);
            try (Stream<Path> s = Files.list(pluginDir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        UnixSockets.stop(registration);
        UnixSockets.stop(podResources);
        plugins.values().forEach(PluginConnection::close);
        dialer.shutdownNow();
        sockets.close();
    }
}
