package io.kubetron.webhook;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend that fails the creation of its n-th port (and only that one), to prove the rollback on it: a
 * {@link #createPorts} call holding the n-th port fails as a whole, creating none of its ports, as a real backend's
 * does.
 */
final class FailOnNthCreate implements NetworkBackend {
    private final NetworkBackend real;
    private final int n;
    private final AtomicInteger creates = new AtomicInteger();

    FailOnNthCreate(NetworkBackend real, int n) {
        this.real = real;
        this.n = n;
    }

    @Override
    public BackendPort createPort(PortRequest request) {
        if (creates.incrementAndGet() == n) {
            throw new BackendException(BackendException.Reason.UNAVAILABLE, "injected failure on port " + n);
        }
        return real.createPort(request);
    }

    @Override
    public List<BackendPort> createPorts(List<PortRequest> requests) {
        int last = creates.addAndGet(requests.size());
        if (last >= n && last - requests.size() < n) {
            throw new BackendException(BackendException.Reason.UNAVAILABLE, "injected failure on port " + n);
        }
        return real.createPorts(requests);
    }

    @Override
    public String kind() {
        return real.kind();
    }

    @Override
    public List<Network> listNetworks() {
        return real.listNetworks();
    }

    @Override
    public Optional<Network> findNetwork(String nameOrId) {
        return real.findNetwork(nameOrId);
    }

    @Override
    public Network createNetwork(NetworkSpec spec) {
        return real.createNetwork(spec);
    }

    @Override
    public boolean deleteNetwork(String nameOrId) {
        return real.deleteNetwork(nameOrId);
    }

    @Override
    public boolean deletePort(String portId) {
        return real.deletePort(portId);
    }

    @Override
    public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
        return real.listOwnedPorts(filter);
    }

    @Override
    public void check() {
        real.check();
    }

    @Override
    public void close() {
        real.close();
    }
}
