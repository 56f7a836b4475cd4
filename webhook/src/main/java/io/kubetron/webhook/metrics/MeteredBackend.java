package io.kubetron.webhook.metrics;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** A backend whose every call is timed and whose failures are counted in {@link WebhookMetrics}. Thread-safe. */
public final class MeteredBackend implements NetworkBackend {
    private final NetworkBackend delegate;
    private final WebhookMetrics metrics;

    public MeteredBackend(NetworkBackend delegate, WebhookMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    private <T> T timed(String call, Supplier<T> body) {
        long start = System.nanoTime();
        String error = null;
        try {
            return body.get();
        } catch (BackendException e) {
            error = e.reason() == null ? "unknown" : e.reason().name().toLowerCase(Locale.ROOT);
            throw e;
        } catch (RuntimeException e) {
            error = "internal";
            throw e;
        } finally {
            metrics.backendCall(call, System.nanoTime() - start, error);
        }
    }

    @Override
    public String kind() {
        return delegate.kind();
    }

    @Override
    public List<Network> listNetworks() {
        return timed("listNetworks", delegate::listNetworks);
    }

    @Override
    public Optional<Network> findNetwork(String nameOrId) {
        return timed("findNetwork", () -> delegate.findNetwork(nameOrId));
    }

    @Override
    public Network createNetwork(NetworkSpec spec) {
        return timed("createNetwork", () -> delegate.createNetwork(spec));
    }

    @Override
    public boolean deleteNetwork(String nameOrId) {
        return timed("deleteNetwork", () -> delegate.deleteNetwork(nameOrId));
    }

    @Override
    public BackendPort createPort(PortRequest request) {
        return timed("createPort", () -> delegate.createPort(request));
    }

    /** One call to the backend, so one observation, whatever the number of ports. */
    @Override
    public List<BackendPort> createPorts(List<PortRequest> requests) {
        return timed("createPorts", () -> delegate.createPorts(requests));
    }

    @Override
    public boolean deletePort(String portId) {
        return timed("deletePort", () -> delegate.deletePort(portId));
    }

    @Override
    public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
        return timed("listOwnedPorts", () -> delegate.listOwnedPorts(filter));
    }

    @Override
    public void check() {
        timed("check", () -> {
            delegate.check();
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }
}
