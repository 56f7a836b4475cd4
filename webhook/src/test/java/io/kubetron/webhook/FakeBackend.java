package io.kubetron.webhook;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.StaticAddresses;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A recording in-memory {@link NetworkBackend} for the unit and fuzz tiers; failures can be switched on. */
final class FakeBackend implements NetworkBackend {
    final Map<String, Network> networks = new ConcurrentHashMap<>();
    final Map<String, BackendPort> ports = new ConcurrentHashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger totalCreated = new AtomicInteger();
    volatile int failCreateAt = -1;
    volatile boolean down;
    volatile boolean failDeletes;
    /** When set, a requested MAC or address is not granted (a backend that does not honour them). */
    volatile boolean ignoreRequests;

    static FakeBackend withRedBlueGreen() {
        FakeBackend b = new FakeBackend();
        b.add(overlay("red", "10.1.0.0/24"));
        b.add(overlay("blue", "10.2.0.0/24"));
        b.add(new Network("net-green", "green", "phys-net10", 100, null, List.of()));
        return b;
    }

    static Network overlay(String name, String cidr) {
        return new Network(
                "net-" + name,
                name,
                null,
                null,
                1442,
                cidr == null ? List.of() : List.of(new Network.Subnet("sub-" + name, cidr, null, List.of())));
    }

    static Network physical(String name, String physnet, boolean subnet) {
        return new Network(
                "net-" + name,
                name,
                physnet,
                null,
                null,
                subnet ? List.of(new Network.Subnet("sub-" + name, "10.9.0.0/24", null, List.of())) : List.of());
    }

    void add(Network n) {
        networks.put(n.name(), n);
    }

    private void available(String call) {
        calls.add(call);
        if (down) {
            throw new BackendException(BackendException.Reason.UNAVAILABLE, "backend is down (fake)");
        }
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public List<Network> listNetworks() {
        available("listNetworks");
        return List.copyOf(networks.values());
    }

    @Override
    public Optional<Network> findNetwork(String nameOrId) {
        available("findNetwork " + nameOrId);
        return Optional.ofNullable(networks.get(nameOrId));
    }

    @Override
    public Network createNetwork(NetworkSpec spec) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean deleteNetwork(String nameOrId) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BackendPort createPort(PortRequest r) {
        available("createPort " + r.network().name() + " " + r.name());
        return create(List.of(r)).get(0);
    }

    /** All or nothing, as the real backends: a failing port (failCreateAt, an address in use) creates none. */
    @Override
    public List<BackendPort> createPorts(List<PortRequest> requests) {
        available("createPorts "
                + requests.stream()
                        .map(r -> r.network().name() + " " + r.name())
                        .toList());
        return create(requests);
    }

    private synchronized List<BackendPort> create(List<PortRequest> requests) {
        StaticAddresses.noDuplicates(requests);
        List<BackendPort> made = new ArrayList<>();
        for (PortRequest r : requests) {
            int n = creates.incrementAndGet();
            if (n == failCreateAt) {
                throw new BackendException(
                        BackendException.Reason.CONFLICT,
                        "no free address on " + r.network().name());
            }
            boolean honour = !ignoreRequests;
            if (honour) {
                r.fixedIps().forEach(ip -> StaticAddresses.subnetOf(r.network(), r.name(), ip));
            }
            for (BackendPort held : honour ? ports.values() : List.<BackendPort>of()) {
                if (!held.networkId().equals(r.network().id())) {
                    continue;
                }
                for (String ip : r.fixedIps()) {
                    if (held.fixedIps().contains(ip)) {
                        throw StaticAddresses.inUse(ip, r.network(), held);
                    }
                }
                if (r.macAddress() != null && r.macAddress().equalsIgnoreCase(held.macAddress())) {
                    throw StaticAddresses.inUse("MAC " + r.macAddress(), r.network(), held);
                }
            }
            int i = totalCreated.incrementAndGet();
            List<String> ips = honour && !r.fixedIps().isEmpty()
                    ? r.fixedIps()
                    : r.network().subnets().isEmpty() ? List.of() : List.of("10.0.0." + (i % 250 + 2));
            made.add(new BackendPort(
                    UUID.randomUUID().toString(),
                    r.name(),
                    r.network().id(),
                    r.network().name(),
                    honour && r.macAddress() != null
                            ? r.macAddress().toLowerCase(java.util.Locale.ROOT)
                            : String.format("0a:58:00:00:%02x:%02x", (i >> 8) & 255, i & 255),
                    ips,
                    r.owner()));
        }
        made.forEach(p -> ports.put(p.id(), p));
        return made;
    }

    @Override
    public boolean deletePort(String portId) {
        available("deletePort " + portId);
        if (failDeletes) {
            throw new BackendException(BackendException.Reason.UNAVAILABLE, "delete failed (fake)");
        }
        return ports.remove(portId) != null;
    }

    @Override
    public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
        available("listOwnedPorts");
        return ports.values().stream().filter(p -> filter.matches(p.owner())).toList();
    }

    @Override
    public void check() {
        available("check");
    }

    @Override
    public void close() {}
}
