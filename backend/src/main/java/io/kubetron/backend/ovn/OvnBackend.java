package io.kubetron.backend.ovn;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Ipv4Cidr;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.PortRequest;
import io.kubetron.backend.StaticAddresses;
import io.kubetron.model.owner.OwnerKeys;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.ovsdb.OvsdbClient;
import io.kubetron.ovsdb.OvsdbException;
import io.kubetron.ovsdb.TimedOutException;
import io.kubetron.ovsdb.TransactResult;
import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.data.Row;
import io.kubetron.ovsdb.monitor.MonitorRequest;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Mutation;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.replica.Replica;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Networks and ports directly in OVN's Northbound database. A network is a Logical_Switch (Kubetron's metadata in
 * {@code external_ids}); its subnet is {@code other_config:subnet} plus a DHCP_Options row; a physical network has a
 * localnet port. A port is a Logical_Switch_Port named by a random UUID (its id and future {@code iface-id}), with a
 * static "MAC IP" address, port security, DHCP options and its owner in {@code external_ids}.
 *
 * <p>Addresses are allocated by this client from a replica of the database, and made to stick by the database:
 * the ports of one {@link #createPorts} call, on one switch or several, are one transaction that first checks
 * ({@code wait}) that each switch's allocation version is the one the choice was made from, and bumps it. A requested
 * MAC or IP becomes the port's static {@code addresses} ("MAC IP"), which ovn-northd's DHCP flows then serve. A concurrent creator (another thread, another webhook replica) that
 * chose from the same version fails that check and retries with fresh data, so no two ports get one IP or MAC.
 *
 * <p>Thread-safe.
 */
public final class OvnBackend implements NetworkBackend {
    private static final String NB = "OVN_Northbound";
    private static final String LS = "Logical_Switch";
    private static final String LSP = "Logical_Switch_Port";
    private static final String DHCP = "DHCP_Options";
    private static final int MAX_ATTEMPTS = 200;
    private static final Duration REPLICA_WAIT = Duration.ofSeconds(10);

    private final OvsdbClient client;
    private final Replica replica;
    private final boolean ownsClient;
    private final AddressAllocator allocator = new AddressAllocator(new SecureRandom());
    private final PortAddresses addresses = new PortAddresses();
    /** In-process queueing per switch: spares our own threads from losing the database's CAS to each other. */
    private final Map<String, ReentrantLock> switchLocks = new ConcurrentHashMap<>();
    /** Per switch, guarded by its lock in {@link #switchLocks}. */
    private final Map<String, SwitchUsage> usage = new ConcurrentHashMap<>();

    /**
     * @param client a connected Northbound client
     * @param ownsClient whether {@link #close()} closes the client too
     */
    public OvnBackend(OvsdbClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.replica = Replica.start(
                client,
                NB,
                List.of(
                        MonitorRequest.of(LS, "name", "ports", "external_ids", "other_config"),
                        MonitorRequest.of(
                                LSP,
                                "name",
                                "type",
                                "addresses",
                                "dynamic_addresses",
                                "options",
                                "tag",
                                "external_ids"),
                        MonitorRequest.of(DHCP, "cidr", "options", "external_ids")));
        replica.addListener(this::followAddressChanges);
        replica.await(
                r -> r.isSynced() ? Optional.of(true) : Optional.empty(),
                REPLICA_WAIT,
                "the first copy of OVN Northbound");
    }

    /** Tells the switches' address counts of ports whose addresses changed in place, or of a rebuilt replica. */
    private void followAddressChanges(io.kubetron.ovsdb.replica.ReplicaChange change) {
        if (change.resync()) {
            usage.values().forEach(SwitchUsage::invalidate);
            return;
        }
        for (io.kubetron.ovsdb.replica.RowChange c : change.changes()) {
            if (c.table().equals(LSP)
                    && c.kind() == io.kubetron.ovsdb.replica.RowChange.Kind.MODIFIED
                    && (!c.before().get("addresses").equals(c.after().get("addresses"))
                            || !c.before()
                                    .get("dynamic_addresses")
                                    .equals(c.after().get("dynamic_addresses")))) {
                usage.values().forEach(u -> u.touched(c.uuid()));
            }
        }
    }

    @Override
    public String kind() {
        return "ovn";
    }

    // ------------------------------------------------------------------- networks

    @Override
    public List<Network> listNetworks() {
        return views().stream().map(LogicalSwitchView::network).toList();
    }

    @Override
    public Optional<Network> findNetwork(String nameOrId) {
        Optional<LogicalSwitchView> v = view(nameOrId);
        if (v.isPresent()) {
            return v.map(LogicalSwitchView::network);
        }
        // the replica may not show a network created a moment ago (by another replica of the webhook, by the CLI):
        // a miss is confirmed by the database before a Pod is told its network does not exist
        List<Condition> where = isUuid(nameOrId)
                ? List.of(Condition.uuid(UUID.fromString(nameOrId)))
                : List.of(Condition.eq("name", nameOrId));
        try {
            List<Row> rows = client.transact(NB, Operation.select(LS, where, List.of("_uuid")))
                    .get(0)
                    .rows();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            UUID uuid = rows.get(0).uuid();
            replica.await(r -> r.row(LS, uuid).map(x -> true), REPLICA_WAIT, "logical switch " + nameOrId);
        } catch (OvsdbException e) {
            throw unavailable("find network " + nameOrId, e);
        }
        return view(nameOrId).map(LogicalSwitchView::network);
    }

    private static boolean isUuid(String s) {
        try {
            return UUID.fromString(s).toString().equalsIgnoreCase(s);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private List<LogicalSwitchView> views() {
        List<Row> dhcp = List.copyOf(replica.rows(DHCP));
        return replica.rows(LS).stream()
                .filter(OvnBackend::notNeutrons)
                .map(ls -> LogicalSwitchView.of(ls, dhcp, this::port))
                .toList();
    }

    /** Switches Neutron manages are Neutron's networks: reach them through the Neutron backend, never behind its back. */
    private static boolean notNeutrons(Row ls) {
        return ls.stringMap("external_ids").keySet().stream().noneMatch(k -> k.startsWith("neutron:"));
    }

    private Optional<LogicalSwitchView> view(String nameOrId) {
        List<Row> matches = replica.find(
                LS,
                r -> notNeutrons(r)
                        && (nameOrId.equals(r.string("name"))
                                || nameOrId.equals(r.uuid().toString())));
        if (matches.size() > 1) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    matches.size() + " logical switches are named '" + nameOrId
                            + "'; name them uniquely or use the switch's UUID");
        }
        return matches.stream()
                .findFirst()
                .map(ls -> LogicalSwitchView.of(ls, List.copyOf(replica.rows(DHCP)), this::port));
    }

    private Optional<Row> port(UUID uuid) {
        return replica.row(LSP, uuid);
    }

    @Override
    public Network createNetwork(NetworkSpec spec) {
        List<Operation> ops = new ArrayList<>();
        // the database, not this process, decides whether the name is free
        ops.add(Operation.wait(LS, 0, List.of(Condition.eq("name", spec.name())), List.of("name"), "==", List.of()));
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put(OwnerKeys.CREATOR, OwnerKeys.BACKEND_CREATOR);
        ext.put(OwnerKeys.NETWORK, spec.name());
        ext.put(OvnKeys.ALLOC_VERSION, "0");
        if (spec.ownerUid() != null) {
            ext.put(OwnerKeys.NETWORK_OBJECT_UID, spec.ownerUid());
        }
        if (spec.mtu() != null) {
            ext.put(OvnKeys.MTU, spec.mtu().toString());
        }
        Map<String, Object> ls = new LinkedHashMap<>();
        ls.put("name", spec.name());
        List<Ref> lsPorts = new ArrayList<>();
        if (spec.physicalNetwork() != null) {
            ext.put(OvnKeys.PHYSNET, spec.physicalNetwork());
            if (spec.vlan() != null) {
                ext.put(OvnKeys.VLAN, spec.vlan().toString());
            }
            Map<String, Object> ln = new LinkedHashMap<>();
            ln.put("name", "ln-" + spec.name());
            ln.put("type", "localnet");
            ln.put("addresses", Set.of("unknown"));
            ln.put("options", Map.of("network_name", spec.physicalNetwork()));
            ln.put(
                    "external_ids",
                    Map.of(OwnerKeys.CREATOR, OwnerKeys.BACKEND_CREATOR, OwnerKeys.NETWORK, spec.name()));
            if (spec.vlan() != null) {
                ln.put("tag", Optional.of((long) spec.vlan()));
            }
            ops.add(Operation.insert(LSP, ln, "localnet"));
            lsPorts.add(Ref.named("localnet"));
        }
        if (spec.subnet() != null) {
            Ipv4Cidr cidr = spec.subnet().parsedCidr();
            String gateway = spec.subnet().effectiveGateway();
            ext.put(OvnKeys.GATEWAY, gateway);
            if (spec.dhcp()) {
                Map<String, String> options = new LinkedHashMap<>();
                options.put("lease_time", "3600");
                options.put("router", gateway);
                options.put("server_id", gateway);
                options.put("server_mac", allocator.pickMac(m -> false));
                if (spec.mtu() != null) {
                    options.put("mtu", spec.mtu().toString());
                }
                if (!spec.subnet().dnsServers().isEmpty()) {
                    options.put(
                            "dns_server", "{" + String.join(", ", spec.subnet().dnsServers()) + "}");
                }
                ops.add(Operation.insert(
                        DHCP,
                        Map.of(
                                "cidr",
                                cidr.toString(),
                                "options",
                                options,
                                "external_ids",
                                Map.of(OwnerKeys.CREATOR, OwnerKeys.BACKEND_CREATOR, OwnerKeys.NETWORK, spec.name())),
                        "dhcp"));
            } else {
                ext.put(OvnKeys.DHCP, "false");
            }
            // the gateway first, then the excluded ranges (ovn-nb(5) Logical_Switch other_config:exclude_ips)
            StringBuilder exclude = new StringBuilder(gateway);
            for (io.kubetron.backend.AddressRange r : spec.subnet().excluded()) {
                exclude.append(' ').append(r.ovn());
            }
            ls.put("other_config", Map.of("subnet", cidr.toString(), "exclude_ips", exclude.toString()));
        }
        ls.put("external_ids", ext);
        ls.put("ports", lsPorts);
        ops.add(Operation.insert(LS, ls, "ls"));
        UUID uuid;
        try {
            uuid = client.transact(NB, ops).uuid("ls");
        } catch (TimedOutException e) {
            throw new BackendException(BackendException.Reason.CONFLICT, "network " + spec.name() + " already exists");
        } catch (OvsdbException e) {
            throw unavailable("create network " + spec.name(), e);
        }
        return awaitView(uuid).network();
    }

    @Override
    public io.kubetron.backend.NetworkUsage usage(Network network) {
        try {
            // the same barrier as deleteNetwork's: ports committed before this call are counted
            client.echo();
        } catch (OvsdbException e) {
            throw unavailable("count the ports of network " + network.name(), e);
        }
        LogicalSwitchView v = view(network.id())
                .orElseThrow(() -> new BackendException(
                        BackendException.Reason.NOT_FOUND, "network " + network.name() + " no longer exists"));
        List<Row> ports = v.row().uuidSet("ports").stream()
                .map(p -> replica.row(LSP, p))
                .flatMap(Optional::stream)
                .filter(p -> !"localnet".equals(p.string("type")))
                .toList();
        Long free = null;
        if (!v.network().subnets().isEmpty()) {
            Ipv4Cidr cidr = Ipv4Cidr.parse(v.network().subnets().get(0).cidr());
            Set<Long> taken = new java.util.HashSet<>(v.reservedIps());
            for (Row p : ports) {
                addresses.of(p).ips().forEach(ip -> taken.add(Ipv4Cidr.toLong(ip)));
            }
            long lo = cidr.network() + 1;
            long hi = cidr.network() + cidr.size() - 2;
            long used = taken.stream().filter(ip -> ip >= lo && ip <= hi).count();
            free = (hi - lo + 1) - used;
        }
        return new io.kubetron.backend.NetworkUsage(ports.size(), free);
    }

    private LogicalSwitchView awaitView(UUID ls) {
        return replica.await(
                r -> r.row(LS, ls).map(row -> LogicalSwitchView.of(row, List.copyOf(r.rows(DHCP)), this::port)),
                REPLICA_WAIT,
                "logical switch " + ls);
    }

    @Override
    public boolean deleteNetwork(String nameOrId) {
        try {
            // a barrier: the server sends our monitor the updates of every commit made before this echo before the
            // echo's reply, so a port another client just added is counted below
            client.echo();
        } catch (OvsdbException e) {
            throw unavailable("delete network " + nameOrId, e);
        }
        Optional<LogicalSwitchView> v = view(nameOrId);
        if (v.isEmpty()) {
            return false;
        }
        Row ls = v.get().row();
        long used = ls.uuidSet("ports").stream()
                .map(p -> replica.row(LSP, p))
                .flatMap(Optional::stream)
                .filter(p -> !"localnet".equals(p.string("type")))
                .count();
        if (used > 0) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    "network " + ls.string("name") + " still has " + used + " port(s); delete the Pods using it first");
        }
        List<Operation> ops = new ArrayList<>();
        // deleting the switch deletes its ports with it: only if it still has the ports counted (none but localnet)
        ops.add(Operation.wait(
                LS,
                0,
                List.of(Condition.uuid(ls.uuid())),
                List.of("ports"),
                "==",
                List.of(Map.of("ports", ls.uuidSet("ports")))));
        ops.add(Operation.delete(LS, List.of(Condition.uuid(ls.uuid()))));
        // DHCP_Options is a root table: it does not go with the switch
        v.get()
                .dhcpOptions()
                .filter(d -> replica.row(DHCP, d)
                        .map(r -> ls.string("name")
                                .equals(r.stringMap("external_ids").get(OwnerKeys.NETWORK)))
                        .orElse(false))
                .ifPresent(d -> ops.add(Operation.delete(DHCP, List.of(Condition.uuid(d)))));
        try {
            client.transact(NB, ops);
        } catch (TimedOutException e) {
            throw new BackendException(
                    BackendException.Reason.CONFLICT,
                    "network " + ls.string("name") + " got a port while it was being deleted; delete the Pods using "
                            + "it first");
        } catch (OvsdbException e) {
            throw unavailable("delete network " + nameOrId, e);
        }
        replica.awaitNoRow(LS, r -> r.uuid().equals(ls.uuid()), REPLICA_WAIT);
        return true;
    }

    // ------------------------------------------------------------------- ports

    @Override
    public List<BackendPort> createPorts(List<PortRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        StaticAddresses.noDuplicates(requests);
        // every switch of the call, locked in one order (no two calls of ours deadlock), then one transaction
        Map<String, Network> networks = new java.util.TreeMap<>();
        requests.forEach(r -> networks.putIfAbsent(r.network().id(), r.network()));
        List<ReentrantLock> locks = networks.keySet().stream()
                .map(id -> switchLocks.computeIfAbsent(id, k -> new ReentrantLock()))
                .toList();
        locks.forEach(ReentrantLock::lock);
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Map<String, LogicalSwitchView> views = new LinkedHashMap<>();
                Map<String, SwitchUsage> usages = new LinkedHashMap<>();
                for (Network n : networks.values()) {
                    LogicalSwitchView v = view(n.id())
                            .orElseThrow(() -> new BackendException(
                                    BackendException.Reason.NOT_FOUND, "network " + n.name() + " no longer exists"));
                    SwitchUsage used = usage.computeIfAbsent(n.id(), k -> new SwitchUsage());
                    used.refresh(v.row(), this::port, addresses);
                    views.put(n.id(), v);
                    usages.put(n.id(), used);
                }
                Batch batch = batch(views, usages, requests);
                TransactResult result;
                try {
                    result = client.transact(NB, batch.operations());
                } catch (TimedOutException e) {
                    // another allocator changed a switch since we read it: wait to see its change, then choose again
                    awaitChange(views, networks.values());
                    continue;
                } catch (OvsdbException e) {
                    // the answer may have been lost after the commit: take back whatever of this call exists
                    throw new BackendException(
                            BackendException.Reason.UNAVAILABLE,
                            "OVN Northbound: cannot create " + what(requests) + ": " + e.getMessage()
                                    + removeByName(batch),
                            e);
                }
                List<UUID> rows = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    rows.add(result.uuid("port" + i));
                }
                List<Row> created;
                try {
                    // our next allocation must see these: wait for the replica to show them (by uuid: O(1) each)
                    created = replica.await(
                            r -> {
                                List<Row> all = new ArrayList<>();
                                for (UUID u : rows) {
                                    Optional<Row> row = r.row(LSP, u);
                                    if (row.isEmpty()) {
                                        return Optional.empty();
                                    }
                                    all.add(row.get());
                                }
                                return Optional.of(all);
                            },
                            REPLICA_WAIT,
                            requests.size() + " new port(s)");
                } catch (OvsdbException e) {
                    // committed, but not seen: unverified ports are not handed out
                    remove(rows);
                    throw unavailable("see the " + what(requests) + " it created (they were removed again)", e);
                }
                addresses.prune(
                        replica.rows(LSP).size(), u -> replica.row(LSP, u).isPresent());
                return verified(batch, created, requests);
            }
            throw new BackendException(
                    BackendException.Reason.UNAVAILABLE,
                    "network(s) " + names(networks.values()) + ": gave up after " + MAX_ATTEMPTS
                            + " allocation attempts lost to concurrent creators");
        } finally {
            for (int i = locks.size() - 1; i >= 0; i--) {
                locks.get(i).unlock();
            }
        }
    }

    /** Waits until the replica shows a change of one of the switches' {@code external_ids} (the competing commit). */
    private void awaitChange(Map<String, LogicalSwitchView> views, java.util.Collection<Network> networks) {
        replica.await(
                r -> views.values().stream()
                                .anyMatch(v -> r.row(LS, v.row().uuid())
                                        .map(row ->
                                                !row.stringMap("external_ids").equals(v.externalIds()))
                                        .orElse(true))
                        ? Optional.of(true)
                        : Optional.empty(),
                REPLICA_WAIT,
                "network(s) " + names(networks) + " to show the competing allocation");
    }

    /**
     * After a transaction whose outcome is unknown: removes the ports of {@code batch} if they exist (by their
     * names, which no one else uses), and says what became of them, for the error message.
     */
    private String removeByName(Batch batch) {
        try {
            List<UUID> found = new ArrayList<>();
            for (Chosen c : batch.chosen()) {
                client.transact(NB, Operation.select(LSP, List.of(Condition.eq("name", c.portId())), List.of("_uuid")))
                        .get(0)
                        .rows()
                        .forEach(r -> found.add(r.uuid()));
            }
            remove(found);
            return found.isEmpty() ? " (none of its ports was created)" : " (its ports were removed again)";
        } catch (OvsdbException | BackendException again) {
            return " (whether its ports exist is unknown: garbage collection removes them if they do, by their owner"
                    + " tags)";
        }
    }

    private static String names(java.util.Collection<Network> networks) {
        return networks.stream().map(Network::name).collect(Collectors.joining(", "));
    }

    private static String what(List<PortRequest> requests) {
        return requests.size() == 1
                ? "port " + requests.get(0).name() + " on network "
                        + requests.get(0).network().name()
                : requests.size() + " ports ("
                        + requests.stream()
                                .map(r -> r.name() + " on " + r.network().name())
                                .collect(Collectors.joining(", "))
                        + ")";
    }

    /**
     * The ports as the database holds them, checked against what was asked; if the database holds anything else
     * (another writer's trigger, a schema default we did not expect), they are removed again and the call fails.
     */
    private List<BackendPort> verified(Batch batch, List<Row> created, List<PortRequest> requests) {
        List<BackendPort> out = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            PortRequest r = requests.get(i);
            Chosen c = batch.chosen().get(i);
            BackendPort held = port(created.get(i));
            boolean same = c.mac().equals(held.macAddress()) && c.ips().equals(held.fixedIps());
            if (!same) {
                wrong.add(r.name() + " holds " + held.macAddress() + " " + held.fixedIps() + " instead of " + c.mac()
                        + " " + c.ips());
            }
            out.add(new BackendPort(
                    c.portId(), r.name(), r.network().id(), r.network().name(), c.mac(), c.ips(), r.owner()));
        }
        if (!wrong.isEmpty()) {
            remove(created.stream().map(Row::uuid).toList());
            throw new BackendException(
                    BackendException.Reason.UNAVAILABLE,
                    "OVN Northbound did not keep the addresses it was given (" + String.join("; ", wrong)
                            + "); the ports were removed again");
        }
        return out;
    }

    /** Removes ports this call created, in one transaction. */
    private void remove(List<UUID> ports) {
        if (ports.isEmpty()) {
            return;
        }
        List<Operation> ops = new ArrayList<>();
        for (UUID p : ports) {
            ops.add(Operation.mutate(
                    LS, List.of(Condition.includes("ports", p)), List.of(Mutation.delete("ports", Set.of(p)))));
        }
        try {
            client.transact(NB, ops);
        } catch (OvsdbException e) {
            throw unavailable("remove the ports it could not verify", e);
        }
    }

    /** What was chosen for one port. */
    private record Chosen(String portId, String mac, List<String> ips) {}

    /** The transaction that inserts the ports, valid only if every switch is still as the views saw it. */
    private record Batch(List<Chosen> chosen, List<Operation> operations) {}

    private Batch batch(
            Map<String, LogicalSwitchView> views, Map<String, SwitchUsage> usages, List<PortRequest> requests) {
        // per switch, the MACs and addresses this call takes: requested ones first (checked free), so that a
        // random choice for an earlier port never takes what a later port asks for
        Map<String, Set<String>> macs = new java.util.HashMap<>();
        Map<String, Set<Long>> ips = new java.util.HashMap<>();
        for (PortRequest r : requests) {
            LogicalSwitchView v = views.get(r.network().id());
            SwitchUsage used = usages.get(r.network().id());
            Set<String> callMacs = macs.computeIfAbsent(r.network().id(), k -> new java.util.HashSet<>());
            Set<Long> callIps = ips.computeIfAbsent(r.network().id(), k -> new java.util.HashSet<>());
            if (r.macAddress() != null) {
                String mac = StaticAddresses.mac(r.name(), r.macAddress());
                if (used.macUsed(mac)) {
                    throw StaticAddresses.inUse(
                            "MAC " + mac, v.network(), holder(v, p -> p.macs().contains(mac)));
                }
                callMacs.add(mac);
            }
            for (String ip : r.fixedIps()) {
                StaticAddresses.subnetOf(v.network(), r.name(), ip);
                long value = Ipv4Cidr.toLong(ip);
                if (v.reservedIps().contains(value)) {
                    throw new BackendException(
                            BackendException.Reason.INVALID,
                            ip + " is excluded from the addresses of network "
                                    + v.network().name()
                                    + " (by its switch's other_config:exclude_ips); ask for another address");
                }
                if (used.ipUsed(value)) {
                    throw StaticAddresses.inUse(
                            ip, v.network(), holder(v, p -> p.ips().contains(ip)));
                }
                callIps.add(value);
            }
        }
        List<Chosen> chosen = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        ops.add(Operation.comment("kubetron: " + what(requests) + " for "
                + requests.stream().map(r -> r.owner().display()).distinct().collect(Collectors.joining(", "))));
        for (LogicalSwitchView v : views.values()) {
            ops.add(Operation.wait(
                    LS,
                    0,
                    List.of(Condition.uuid(v.row().uuid())),
                    List.of("external_ids"),
                    "==",
                    List.of(Map.of("external_ids", v.externalIds()))));
        }
        Map<String, List<Ref>> refs = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            PortRequest r = requests.get(i);
            LogicalSwitchView v = views.get(r.network().id());
            SwitchUsage used = usages.get(r.network().id());
            Set<String> callMacs = macs.get(r.network().id());
            Set<Long> callIps = ips.get(r.network().id());
            String mac;
            if (r.macAddress() != null) {
                mac = StaticAddresses.mac(r.name(), r.macAddress());
            } else {
                mac = allocator.pickMac(m -> used.macUsed(m) || callMacs.contains(m));
                callMacs.add(mac);
            }
            List<String> portIps = r.fixedIps();
            if (portIps.isEmpty() && !v.network().subnets().isEmpty()) {
                Ipv4Cidr cidr = Ipv4Cidr.parse(v.network().subnets().get(0).cidr());
                String ip = allocator.pickIp(
                        cidr,
                        x -> used.ipUsed(x) || v.reservedIps().contains(x) || callIps.contains(x),
                        v.network().name());
                callIps.add(Ipv4Cidr.toLong(ip));
                portIps = List.of(ip);
            }
            String portId = UUID.randomUUID().toString();
            String address = portIps.isEmpty() ? mac : mac + " " + String.join(" ", portIps);
            Map<String, Object> lsp = new LinkedHashMap<>();
            lsp.put("name", portId);
            lsp.put("addresses", Set.of(address));
            lsp.put("port_security", Set.of(address));
            lsp.put("external_ids", ownerIds(r));
            v.dhcpOptions().ifPresent(d -> lsp.put("dhcpv4_options", Optional.of(d)));
            ops.add(Operation.insert(LSP, lsp, "port" + i));
            refs.computeIfAbsent(r.network().id(), k -> new ArrayList<>()).add(Ref.named("port" + i));
            chosen.add(new Chosen(portId, mac, portIps));
        }
        for (LogicalSwitchView v : views.values()) {
            Map<String, String> ext = v.externalIds();
            String version = ext.get(OvnKeys.ALLOC_VERSION);
            long next = version == null ? 1 : Long.parseLong(version) + 1;
            List<Mutation> mutations = new ArrayList<>();
            mutations.add(
                    Mutation.insert("ports", Set.copyOf(refs.get(v.network().id()))));
            if (version != null) {
                mutations.add(Mutation.delete("external_ids", Map.of(OvnKeys.ALLOC_VERSION, version)));
            }
            mutations.add(Mutation.insert("external_ids", Map.of(OvnKeys.ALLOC_VERSION, Long.toString(next))));
            ops.add(Operation.mutate(LS, List.of(Condition.uuid(v.row().uuid())), mutations));
        }
        return new Batch(chosen, ops);
    }

    /** The port of switch {@code v} whose addresses match, for a refusal naming who holds an address. */
    private BackendPort holder(LogicalSwitchView v, java.util.function.Predicate<PortAddresses.Parsed> holds) {
        for (UUID u : v.row().uuidSet("ports")) {
            Optional<Row> row = replica.row(LSP, u);
            if (row.isPresent() && holds.test(addresses.of(row.get()))) {
                BackendPort p = port(row.get());
                return OwnerKeys.BACKEND_CREATOR.equals(
                                row.get().stringMap("external_ids").get(OwnerKeys.CREATOR))
                        ? p
                        : new BackendPort(
                                p.id(), p.name(), p.networkId(), p.networkName(), p.macAddress(), p.fixedIps(), null);
            }
        }
        return null;
    }

    private static Map<String, String> ownerIds(PortRequest r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OwnerKeys.CREATOR, OwnerKeys.BACKEND_CREATOR);
        m.put(OwnerKeys.NETWORK, r.network().name());
        m.put(OwnerKeys.PORT_NAME, r.name());
        m.putAll(r.owner().tags());
        return m;
    }

    @Override
    public boolean deletePort(String portId) {
        Optional<Row> lsp = replica.lookup(LSP, "name", portId).stream().findFirst();
        if (lsp.isEmpty()) {
            // the replica may lag behind a port created a moment ago by someone else: ask the database
            try {
                var rows = client.transact(
                                NB, Operation.select(LSP, List.of(Condition.eq("name", portId)), List.of("_uuid")))
                        .get(0)
                        .rows();
                if (rows.isEmpty()) {
                    return false;
                }
                lsp = Optional.of(rows.get(0));
            } catch (OvsdbException e) {
                throw unavailable("delete port " + portId, e);
            }
        }
        UUID uuid = lsp.get().uuid();
        try {
            // a Logical_Switch_Port is not a root row: removing it from its switch deletes it
            var count = client.transact(
                            NB,
                            Operation.mutate(
                                    LS,
                                    List.of(Condition.includes("ports", uuid)),
                                    List.of(Mutation.delete("ports", Set.of(uuid)))))
                    .get(0)
                    .count();
            replica.await(
                    r -> r.row(LSP, uuid).isEmpty() ? Optional.of(true) : Optional.empty(),
                    REPLICA_WAIT,
                    "port " + portId + " to go");
            return count.orElse(0) > 0;
        } catch (OvsdbException e) {
            throw unavailable("delete port " + portId, e);
        }
    }

    @Override
    public List<BackendPort> listOwnedPorts(OwnerFilter filter) {
        return replica
                .find(
                        LSP,
                        r -> OwnerKeys.BACKEND_CREATOR.equals(
                                        r.stringMap("external_ids").get(OwnerKeys.CREATOR))
                                && r.stringMap("external_ids").containsKey(OwnerKeys.NAMESPACE))
                .stream()
                .map(OvnBackend::port)
                .filter(p -> filter.matches(p.owner()))
                .toList();
    }

    private static BackendPort port(Row r) {
        Map<String, String> ext = r.stringMap("external_ids");
        String mac = null;
        List<String> ips = new ArrayList<>();
        for (String a : r.stringSet("addresses")) {
            String[] parts = a.trim().split("\\s+");
            if (parts.length > 0 && parts[0].contains(":")) {
                mac = parts[0];
                ips.addAll(List.of(parts).subList(1, parts.length));
            }
        }
        return new BackendPort(
                r.string("name"),
                ext.get(OwnerKeys.PORT_NAME),
                null,
                ext.get(OwnerKeys.NETWORK),
                mac,
                ips,
                PortOwner.fromTags(ext));
    }

    @Override
    public void check() {
        try {
            client.echo();
        } catch (OvsdbException e) {
            throw unavailable("reach OVN Northbound", e);
        }
    }

    @Override
    public void close() {
        replica.close();
        if (ownsClient) {
            client.close();
        }
    }

    private static BackendException unavailable(String what, OvsdbException e) {
        return new BackendException(
                BackendException.Reason.UNAVAILABLE, "OVN Northbound: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "OvnBackend"
                + replica.rows(LS).stream().map(r -> r.string("name")).collect(Collectors.toList());
    }
}
