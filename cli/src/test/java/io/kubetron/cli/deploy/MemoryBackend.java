package io.kubetron.cli.deploy;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.NetworkUsage;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Networks in memory, no ports: enough to drive the Network controller through its API calls. Thread-safe. */
final class MemoryBackend implements NetworkBackend {
    private final Map<String, Network> networks = new ConcurrentHashMap<>();

    @Override
    public String kind() {
        return "memory";
    }

    @Override
    public List<Network> listNetworks() {
        return List.copyOf(networks.values());
    }

    @Override
    public Optional<Network> findNetwork(String nameOrId) {
        return networks.values().stream()
                .filter(n -> n.name().equals(nameOrId) || n.id().equals(nameOrId))
                .findFirst();
    }

    @Override
    public Network createNetwork(NetworkSpec spec) {
        Network n =
                new Network(UUID.randomUUID().toString(), spec.name(), null, null, null, List.of(), spec.ownerUid());
        networks.put(n.id(), n);
        return n;
    }

    @Override
    public boolean deleteNetwork(String nameOrId) {
        return findNetwork(nameOrId).map(n -> networks.remove(n.id()) != null).orElse(false);
    }

    @Override
    public NetworkUsage usage(Network network) {
        return new NetworkUsage(0, null);
    }

    @Override
    public BackendPort createPort(PortRequest request) {
        throw new BackendException(BackendException.Reason.INVALID, "no ports here");
    }

    @Override
    public List<BackendPort> createPorts(List<PortRequest> requests) {
        throw new BackendException(BackendException.Reason.INVALID, "no ports here");
    }

    @Override
    public boolean deletePort(String portId) {
        return false;
    }

    @Override
    public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
        return List.of();
    }

    @Override
    public void check() {}

    @Override
    public void close() {}
}
