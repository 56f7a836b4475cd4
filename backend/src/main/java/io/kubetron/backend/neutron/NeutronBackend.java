package io.kubetron.backend.neutron;

import io.kubetron.backend.AddressRange;
import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.NetworkUsage;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.StaticAddresses;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.model.owner.OwnerText;
import io.kubetron.neutron.AllocationPool;
import io.kubetron.neutron.NetworkCreate;
import io.kubetron.neutron.NeutronClient;
import io.kubetron.neutron.NeutronException;
import io.kubetron.neutron.NeutronNetwork;
import io.kubetron.neutron.NeutronPort;
import io.kubetron.neutron.NeutronSubnet;
import io.kubetron.neutron.PortCreate;
import io.kubetron.neutron.SubnetCreate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Networks and ports in Neutron. A Kubetron port carries {@code device_owner=kubetron}, {@code device_id} = the
 * Pod's uid (or the admission request's uid until the Pod exists) and the owner record in its {@code description}:
 * all set by the one create call, so a port never exists without its owner. IPs and MACs come from Neutron's IPAM
 * unless asked for ({@code mac_address}, {@code fixed_ips}). The ports of one call are one bulk request, which
 * Neutron makes atomic. Thread-safe.
 */
public final class NeutronBackend implements NetworkBackend {
    /** Neutron's {@code description} limit. */
    private static final int DESCRIPTION_MAX = 255;

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");
    private final NeutronClient neutron;

    public NeutronBackend(NeutronClient neutron) {
        this.neutron = neutron;
    }

    @Override
    public String kind() {
        return "neutron";
    }

    @Override
    public List<Network> listNetworks() {
        return guard("list networks", () -> {
            Map<String, List<Network.Subnet>> subnets = new HashMap<>();
            for (NeutronSubnet s : neutron.listSubnets(Map.of())) {
                subnets.computeIfAbsent(s.networkId(), k -> new java.util.ArrayList<>())
                        .add(subnet(s));
            }
            return neutron.listNetworks(Map.of()).stream()
                    .map(n -> network(n, subnets.getOrDefault(n.id(), List.of())))
                    .toList();
        });
    }

    @Override
    public Optional<Network> findNetwork(String nameOrId) {
        return guard("find network " + nameOrId, () -> find(nameOrId).map(this::withSubnets));
    }

    private Optional<NeutronNetwork> find(String nameOrId) {
        if (UUID.matcher(nameOrId).matches()) {
            Optional<NeutronNetwork> byId = neutron.getNetwork(nameOrId);
            if (byId.isPresent()) {
                return byId;
            }
        }
        List<NeutronNetwork> byName = neutron.listNetworks(Map.of("name", nameOrId));
        if (byName.size() > 1) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    byName.size() + " Neutron networks are named '" + nameOrId
                            + "'; name them uniquely or use the network id");
        }
        return byName.stream().findFirst();
    }

    private Network withSubnets(NeutronNetwork n) {
        return network(
                n,
                neutron.listSubnets(Map.of("network_id", n.id())).stream()
                        .map(NeutronBackend::subnet)
                        .toList());
    }

    @Override
    public Network createNetwork(NetworkSpec spec) {
        return guard("create network " + spec.name(), () -> {
            if (!neutron.listNetworks(Map.of("name", spec.name())).isEmpty()) {
                throw new BackendException(
                        BackendException.Reason.CONFLICT, "network " + spec.name() + " already exists");
            }
            // the owner record goes in with the create call, so the network never exists without it
            String owner = spec.ownerUid() == null ? null : OwnerText.encodeNetworkObject(spec.ownerUid());
            NeutronNetwork n = neutron.createNetwork(
                    new NetworkCreate(spec.name(), spec.physicalNetwork(), spec.vlan(), spec.mtu(), owner));
            if (spec.subnet() != null) {
                try {
                    List<AddressRange> excluded = spec.subnet().excluded();
                    // Neutron has no excluded ranges, only their complement: the pools it allocates from
                    List<AllocationPool> pools = excluded.isEmpty()
                            ? List.of()
                            : AddressRange.pools(
                                            spec.subnet().parsedCidr(),
                                            spec.subnet().effectiveGateway(),
                                            excluded)
                                    .stream()
                                    .map(r -> new AllocationPool(r.firstAddress(), r.lastAddress()))
                                    .toList();
                    neutron.createSubnet(new SubnetCreate(
                            n.id(),
                            spec.name() + "-v4",
                            spec.subnet().cidr(),
                            spec.subnet().gateway(),
                            spec.subnet().dnsServers(),
                            spec.dhcp(),
                            pools));
                } catch (RuntimeException e) {
                    // a network without the subnet the user asked for is not what they wanted: take it back
                    neutron.deleteNetwork(n.id());
                    throw e;
                }
            }
            return withSubnets(neutron.getNetwork(n.id()).orElse(n));
        });
    }

    @Override
    public NetworkUsage usage(Network network) {
        return guard("count the ports of network " + network.name(), () -> {
            if (neutron.getNetwork(network.id()).isEmpty()) {
                throw new BackendException(
                        BackendException.Reason.NOT_FOUND, "network " + network.name() + " no longer exists");
            }
            List<NeutronPort> ports = neutron.listPorts(Map.of("network_id", network.id()));
            // the network's own ports (DHCP, metadata: device_owner network:*) go with it
            int blocking = (int) ports.stream()
                    .filter(p -> p.deviceOwner() == null || !p.deviceOwner().startsWith("network:"))
                    .count();
            Long free = null;
            List<NeutronSubnet> subnets = neutron.listSubnets(Map.of("network_id", network.id()));
            if (!subnets.isEmpty()) {
                NeutronSubnet s = subnets.get(0);
                List<AddressRange> pools = pools(s);
                long size = pools.stream().mapToLong(AddressRange::size).sum();
                long used = ports.stream()
                        .flatMap(p -> p.fixedIps().stream())
                        .filter(ip -> s.id().equals(ip.subnetId()))
                        .map(NeutronPort.FixedIp::ipAddress)
                        .filter(ip -> ip != null && !ip.contains(":"))
                        .mapToLong(Ipv4Cidr::toLong)
                        .filter(ip -> pools.stream().anyMatch(r -> r.contains(ip)))
                        .distinct()
                        .count();
                free = size - used;
            }
            return new NetworkUsage(blocking, free);
        });
    }

    private static List<AddressRange> pools(NeutronSubnet s) {
        if (s.allocationPools().isEmpty()) {
            Ipv4Cidr cidr = Ipv4Cidr.parse(s.cidr());
            return AddressRange.pools(cidr, s.gatewayIp(), List.of());
        }
        return s.allocationPools().stream()
                .map(p -> new AddressRange(Ipv4Cidr.toLong(p.start()), Ipv4Cidr.toLong(p.end())))
                .toList();
    }

    @Override
    public boolean deleteNetwork(String nameOrId) {
        return guard("delete network " + nameOrId, () -> {
            Optional<NeutronNetwork> n = find(nameOrId);
            return n.isPresent() && neutron.deleteNetwork(n.get().id());
        });
    }

    @Override
    public List<BackendPort> createPorts(List<PortRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        StaticAddresses.noDuplicates(requests);
        List<PortCreate> creates = new ArrayList<>();
        for (PortRequest r : requests) {
            creates.add(create(r));
        }
        String what = requests.size() == 1
                ? "create port " + requests.get(0).name() + " on network "
                        + requests.get(0).network().name()
                : "create ports "
                        + requests.stream()
                                .map(r -> r.name() + " on " + r.network().name())
                                .collect(Collectors.joining(", "));
        List<NeutronPort> created;
        try {
            // one bulk request: ML2 writes every port in one database transaction, all or none
            created = neutron.createPorts(creates);
        } catch (NeutronException e) {
            if (e.unavailable()) {
                // no answer, or a 5xx: ML2's database part is atomic, but its OVN postcommit runs port by port and
                // an answer may have been lost on the way; whatever of this call exists goes again
                guard("remove what a failed " + what + " left", () -> {
                    sweep(creates);
                    return null;
                });
            }
            throw refusal(what, e, requests);
        }
        return verified(what, requests, creates, created);
    }

    private PortCreate create(PortRequest r) {
        String owner = OwnerText.encode(r.owner(), r.network().name());
        if (owner.length() > DESCRIPTION_MAX) {
            throw new BackendException(
                    BackendException.Reason.INVALID,
                    "the owner record of " + r.owner().display()
                            + " is " + owner.length() + " characters, Neutron keeps " + DESCRIPTION_MAX
                            + "; use a shorter "
                            + "Pod name");
        }
        List<NeutronPort.FixedIp> ips = new ArrayList<>();
        for (String ip : r.fixedIps()) {
            ips.add(new NeutronPort.FixedIp(
                    StaticAddresses.subnetOf(r.network(), r.name(), ip).id(), ip));
        }
        String deviceId =
                r.owner().podUid() != null ? r.owner().podUid() : r.owner().requestUid();
        return new PortCreate(
                r.network().id(),
                r.name(),
                r.macAddress() == null ? null : StaticAddresses.mac(r.name(), r.macAddress()),
                ips,
                OwnerKeys.BACKEND_CREATOR,
                deviceId,
                owner,
                null);
    }

    /**
     * The ports Neutron made, checked against what was asked: the same network, name, and where asked, exactly the
     * MAC and addresses. Anything else and all of them are deleted again and the call fails.
     */
    private List<BackendPort> verified(
            String what, List<PortRequest> requests, List<PortCreate> creates, List<NeutronPort> created) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            PortCreate c = creates.get(i);
            NeutronPort p = created.get(i);
            List<String> asked =
                    c.fixedIps().stream().map(NeutronPort.FixedIp::ipAddress).toList();
            List<String> got =
                    p.fixedIps().stream().map(NeutronPort.FixedIp::ipAddress).toList();
            if (!c.networkId().equals(p.networkId()) || !java.util.Objects.equals(c.name(), p.name())) {
                wrong.add("port " + i + " is " + p.name() + " on " + p.networkId() + " instead of " + c.name() + " on "
                        + c.networkId());
            } else if (c.macAddress() != null && !c.macAddress().equalsIgnoreCase(p.macAddress())) {
                wrong.add(c.name() + " got MAC " + p.macAddress() + " instead of " + c.macAddress());
            } else if (!asked.isEmpty() && !StaticAddresses.sameAddresses(asked, got)) {
                wrong.add(c.name() + " got " + got + " instead of " + asked);
            }
        }
        if (!wrong.isEmpty()) {
            guard("remove the ports of " + what + " it could not verify", () -> {
                created.forEach(p -> neutron.deletePort(p.id()));
                return null;
            });
            throw new BackendException(
                    BackendException.Reason.UNAVAILABLE,
                    "Neutron: " + what + ": Neutron did not give what was asked (" + String.join("; ", wrong)
                            + "); the ports were deleted again");
        }
        List<BackendPort> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            out.add(port(created.get(i), requests.get(i).network().name()));
        }
        return out;
    }

    /** Deletes every port of ours that a failed bulk create may have left: same network, name, device and owner. */
    private void sweep(List<PortCreate> creates) {
        for (String deviceId :
                creates.stream().map(PortCreate::deviceId).distinct().toList()) {
            Map<String, String> filter = new HashMap<>();
            filter.put("device_owner", OwnerKeys.BACKEND_CREATOR);
            if (deviceId != null) {
                filter.put("device_id", deviceId);
            }
            for (NeutronPort p : neutron.listPorts(filter)) {
                boolean ours = creates.stream()
                        .anyMatch(c -> c.networkId().equals(p.networkId())
                                && java.util.Objects.equals(c.name(), p.name())
                                && java.util.Objects.equals(c.description(), p.description()));
                if (ours) {
                    neutron.deletePort(p.id());
                }
            }
        }
    }

    private static final Pattern IP_IN_MESSAGE = Pattern.compile("IP address (\\d+\\.\\d+\\.\\d+\\.\\d+)");
    private static final Pattern MAC_IN_MESSAGE = Pattern.compile("mac address ([0-9a-fA-F:]{17})");

    /**
     * Neutron's refusal as a user reads it: an address or MAC in use names who holds it (looked up), an address
     * outside the network's subnets names them; anything else keeps Neutron's own words.
     */
    private BackendException refusal(String what, NeutronException e, List<PortRequest> requests) {
        try {
            switch (e.type()) {
                case "IpAddressAlreadyAllocated", "IpAddressInUse" -> {
                    var ip = IP_IN_MESSAGE.matcher(e.getMessage());
                    if (ip.find()) {
                        Network n = askedFor(requests, r -> r.fixedIps().contains(ip.group(1)));
                        return StaticAddresses.inUse(
                                ip.group(1), n, holder(n, "fixed_ips", "ip_address=" + ip.group(1)));
                    }
                }
                case "MacAddressInUse" -> {
                    var mac = MAC_IN_MESSAGE.matcher(e.getMessage());
                    if (mac.find()) {
                        String m = mac.group(1).toLowerCase(java.util.Locale.ROOT);
                        Network n = askedFor(requests, r -> m.equalsIgnoreCase(r.macAddress()));
                        return StaticAddresses.inUse("MAC " + m, n, holder(n, "mac_address", m));
                    }
                }
                case "InvalidIpForSubnet", "InvalidIpForNetwork" -> {
                    var ip = IP_IN_MESSAGE.matcher(e.getMessage());
                    if (ip.find()) {
                        Network n = askedFor(requests, r -> r.fixedIps().contains(ip.group(1)));
                        return new BackendException(
                                BackendException.Reason.INVALID,
                                ip.group(1) + " is outside the subnets of network " + n.name() + " ("
                                        + n.subnets().stream()
                                                .map(Network.Subnet::cidr)
                                                .collect(Collectors.joining(", "))
                                        + ")",
                                e);
                    }
                }
                default -> {}
            }
        } catch (NeutronException lookup) {
            // the holder could not be looked up: Neutron's own words will do
        }
        return new BackendException(reason(e), "Neutron: " + e.getMessage(), e);
    }

    private static Network askedFor(List<PortRequest> requests, java.util.function.Predicate<PortRequest> asked) {
        return requests.stream()
                .filter(asked)
                .findFirst()
                .orElse(requests.get(0))
                .network();
    }

    /** The port of network {@code n} matching one filter, as the holder of an address; null if none is found. */
    private BackendPort holder(Network n, String field, String value) {
        return neutron.listPorts(Map.of("network_id", n.id(), field, value)).stream()
                .findFirst()
                .map(p -> port(p, n.name()))
                .orElse(null);
    }

    @Override
    public boolean deletePort(String portId) {
        return guard("delete port " + portId, () -> neutron.deletePort(portId));
    }

    @Override
    public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
        return guard("list Kubetron's ports", () -> {
            Map<String, String> names = new HashMap<>();
            neutron.listNetworks(Map.of()).forEach(n -> names.put(n.id(), n.name()));
            return neutron.listPorts(Map.of("device_owner", OwnerKeys.BACKEND_CREATOR)).stream()
                    .map(p -> port(p, names.get(p.networkId())))
                    .filter(p -> filter.matches(p.owner()))
                    .toList();
        });
    }

    @Override
    public void check() {
        guard("check Neutron", () -> {
            neutron.check();
            return null;
        });
    }

    @Override
    public void close() {
        // the JDK HTTP client holds no resources worth closing here
    }

    private static BackendPort port(NeutronPort p, String networkName) {
        return new BackendPort(
                p.id(),
                p.name(),
                p.networkId(),
                networkName,
                p.macAddress(),
                p.fixedIps().stream().map(NeutronPort.FixedIp::ipAddress).toList(),
                OwnerKeys.BACKEND_CREATOR.equals(p.deviceOwner()) ? OwnerText.decode(p.description()) : null);
    }

    private static Network network(NeutronNetwork n, List<Network.Subnet> subnets) {
        boolean physical = "vlan".equals(n.networkType()) || "flat".equals(n.networkType());
        return new Network(
                n.id(),
                n.name(),
                physical ? n.physicalNetwork() : null,
                "vlan".equals(n.networkType()) ? n.segmentationId() : null,
                n.mtu(),
                subnets,
                OwnerText.decodeNetworkObject(n.description()));
    }

    private static Network.Subnet subnet(NeutronSubnet s) {
        List<String> excluded = List.of();
        try {
            Ipv4Cidr cidr = Ipv4Cidr.parse(s.cidr());
            // what the pools leave out, less the gateway (never in a pool): the excluded ranges
            List<AddressRange> holes = new java.util.ArrayList<>(AddressRange.complement(cidr, pools(s)));
            if (s.gatewayIp() != null && cidr.contains(s.gatewayIp())) {
                long g = Ipv4Cidr.toLong(s.gatewayIp());
                holes = holes.stream()
                        .flatMap(r -> r.minus(g).stream())
                        .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
            }
            excluded = holes.stream().map(AddressRange::toString).toList();
        } catch (IllegalArgumentException e) {
            // not an IPv4 subnet Kubetron can read ranges of (IPv6, or a prefix outside /8../30): none to report
        }
        return new Network.Subnet(s.id(), s.cidr(), s.gatewayIp(), s.dnsNameservers(), s.enableDhcp(), excluded);
    }

    private static <T> T guard(String what, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (NeutronException e) {
            throw new BackendException(reason(e), "Neutron: " + e.getMessage(), e);
        }
    }

    private static BackendException.Reason reason(NeutronException e) {
        if (e.notFound()) {
            return BackendException.Reason.NOT_FOUND;
        }
        if (e.conflict()) {
            return BackendException.Reason.CONFLICT;
        }
        if (e.status() == 401 || e.status() == 403) {
            return BackendException.Reason.FORBIDDEN;
        }
        if (e.status() == 400) {
            return BackendException.Reason.INVALID;
        }
        return BackendException.Reason.UNAVAILABLE;
    }
}
