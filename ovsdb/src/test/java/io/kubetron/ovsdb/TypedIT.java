package io.kubetron.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.ovsdb.data.Ref;
import io.kubetron.ovsdb.nb.DhcpOptions;
import io.kubetron.ovsdb.nb.LogicalRouter;
import io.kubetron.ovsdb.nb.LogicalRouterPort;
import io.kubetron.ovsdb.nb.LogicalSwitch;
import io.kubetron.ovsdb.nb.LogicalSwitchPort;
import io.kubetron.ovsdb.nb.NbOps;
import io.kubetron.ovsdb.ops.Condition;
import io.kubetron.ovsdb.ops.Operation;
import io.kubetron.ovsdb.replica.Replica;
import io.kubetron.ovsdb.testsupport.OvsdbServer;
import io.kubetron.ovsdb.vswitch.Bridge;
import io.kubetron.ovsdb.vswitch.Interface;
import io.kubetron.ovsdb.vswitch.OpenVSwitch;
import io.kubetron.ovsdb.vswitch.Port;
import io.kubetron.ovsdb.vswitch.VswitchOps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The typed OVN_Northbound and Open_vSwitch layer, cross-checked with ovn-nbctl and ovs-vsctl. */
class TypedIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static OvsdbServer server;
    private static OvsdbClient client;

    @BeforeAll
    static void start() {
        server = OvsdbServer.start(null, OvsdbServer.NB_SCHEMA, OvsdbServer.VSWITCH_SCHEMA);
        client = OvsdbClient.connect(server.unix());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static <T> T one(
            String db, String table, UUID uuid, java.util.function.Function<io.kubetron.ovsdb.data.Row, T> f) {
        return f.apply(client.transact(db, Operation.select(table, List.of(Condition.uuid(uuid)), List.of()))
                .get(0)
                .rows()
                .get(0));
    }

    @Test
    void switchWithDhcpOptionsAndPortInOneTransaction() {
        TransactResult r = client.transact(
                NbOps.DB,
                List.of(
                        NbOps.insertDhcpOptions(
                                "dhcp",
                                "10.1.0.0/24",
                                Map.of(
                                        "router",
                                        "10.1.0.1",
                                        "lease_time",
                                        "3600",
                                        "server_id",
                                        "10.1.0.1",
                                        "server_mac",
                                        "0a:00:00:00:00:01"),
                                Map.of("kubetron", "net1")),
                        NbOps.insertLogicalSwitchPort(
                                "p",
                                "net1-pod1",
                                List.of("0a:00:00:00:00:05 10.1.0.5"),
                                Ref.named("dhcp"),
                                Map.of("pod", "default/pod1")),
                        NbOps.insertLogicalSwitch("ls", "net1", Set.of(Ref.named("p")), Map.of("kubetron", "net1"))));

        LogicalSwitch ls = one(NbOps.DB, LogicalSwitch.TABLE, r.uuid("ls"), LogicalSwitch::from);
        LogicalSwitchPort lsp = one(NbOps.DB, LogicalSwitchPort.TABLE, r.uuid("p"), LogicalSwitchPort::from);
        DhcpOptions dhcp = one(NbOps.DB, DhcpOptions.TABLE, r.uuid("dhcp"), DhcpOptions::from);
        assertThat(ls.name()).isEqualTo("net1");
        assertThat(ls.ports()).containsExactly(lsp.uuid());
        assertThat(ls.externalIds()).containsEntry("kubetron", "net1");
        assertThat(lsp.addresses()).containsExactly("0a:00:00:00:00:05 10.1.0.5");
        assertThat(lsp.dhcpv4Options()).contains(dhcp.uuid());
        assertThat(lsp.up()).isEmpty();
        assertThat(lsp.tag()).isEmpty();
        assertThat(lsp.type()).isEmpty();
        assertThat(dhcp.cidr()).isEqualTo("10.1.0.0/24");
        assertThat(dhcp.options()).containsEntry("lease_time", "3600");

        // the reference tool agrees
        assertThat(server.nbctl("lsp-get-dhcpv4-options", "net1-pod1")).contains("10.1.0.0/24");
        assertThat(server.nbctl("lsp-get-addresses", "net1-pod1")).isEqualTo("0a:00:00:00:00:05 10.1.0.5");

        try (Replica nb = Replica.start(client, NbOps.DB, NbOps.monitorAll())) {
            assertThat(nb.rows(LogicalSwitchPort.TABLE).stream()
                            .map(LogicalSwitchPort::from)
                            .map(LogicalSwitchPort::name))
                    .contains("net1-pod1");
            server.nbctl("set", "Logical_Switch_Port", "net1-pod1", "up=true");
            LogicalSwitchPort up = LogicalSwitchPort.from(nb.awaitRow(
                    LogicalSwitchPort.TABLE,
                    row -> LogicalSwitchPort.from(row).name().equals("net1-pod1")
                            && LogicalSwitchPort.from(row).isUp(),
                    WAIT));
            assertThat(up.uuid()).isEqualTo(lsp.uuid());

            client.transact(NbOps.DB, NbOps.removeSwitchPort(ls.uuid(), lsp.uuid()));
            nb.awaitNoRow(LogicalSwitchPort.TABLE, row -> row.uuid().equals(lsp.uuid()), WAIT);
            assertThat(LogicalSwitch.from(nb.row(LogicalSwitch.TABLE, ls.uuid()).orElseThrow())
                            .ports())
                    .isEmpty();
        }
    }

    @Test
    void routerWithPort() {
        TransactResult r = client.transact(
                NbOps.DB,
                List.of(
                        NbOps.insertLogicalRouterPort("lrp", "lr0-net1", "0a:00:00:00:00:01", Set.of("10.1.0.1/24")),
                        NbOps.insertLogicalRouter("lr", "lr0", Set.of(Ref.named("lrp")), Map.of())));
        LogicalRouter lr = one(NbOps.DB, LogicalRouter.TABLE, r.uuid("lr"), LogicalRouter::from);
        LogicalRouterPort lrp = one(NbOps.DB, LogicalRouterPort.TABLE, r.uuid("lrp"), LogicalRouterPort::from);
        assertThat(lr.ports()).containsExactly(lrp.uuid());
        assertThat(lrp.networks()).containsExactly("10.1.0.1/24");
        assertThat(lrp.peer()).isEmpty();
        assertThat(server.nbctl("lrp-list", "lr0")).contains("lr0-net1");
    }

    @Test
    void bridgePortInterfaceAndOvnInstalled() {
        server.vsctl("init");
        UUID root = client.transact(VswitchOps.DB, Operation.select(OpenVSwitch.TABLE, List.of(), List.of()))
                .get(0)
                .rows()
                .get(0)
                .uuid();
        TransactResult br = client.transact(VswitchOps.DB, VswitchOps.addBridge(root, "br-int"));
        TransactResult port = client.transact(
                VswitchOps.DB, VswitchOps.addPort(br.uuid("br"), "veth-pod1", "", Map.of("iface-id", "net1-pod1")));
        assertThat(server.vsctl("list-ports", "br-int")).isEqualTo("veth-pod1");
        assertThat(server.vsctl("get", "Interface", "veth-pod1", "external_ids:iface-id"))
                .isEqualTo("net1-pod1");

        try (Replica ovs = Replica.start(client, VswitchOps.DB, VswitchOps.monitorAll())) {
            OpenVSwitch o = OpenVSwitch.from(ovs.row(OpenVSwitch.TABLE, root).orElseThrow());
            assertThat(o.bridges()).containsExactly(br.uuid("br"));
            Bridge b = Bridge.from(ovs.row(Bridge.TABLE, br.uuid("br")).orElseThrow());
            assertThat(b.ports()).hasSize(2).contains(port.uuid("port"));
            Port p = Port.from(ovs.row(Port.TABLE, port.uuid("port")).orElseThrow());
            assertThat(p.interfaces()).containsExactly(port.uuid("iface"));
            assertThat(p.tag()).isEmpty();

            // what ovn-controller does once the flows are installed
            server.vsctl("set", "Interface", "veth-pod1", "external_ids:ovn-installed=true");
            Interface i = Interface.from(ovs.awaitRow(
                    Interface.TABLE,
                    row -> Interface.from(row).name().equals("veth-pod1")
                            && Interface.from(row).isOvnInstalled(),
                    WAIT));
            assertThat(i.externalIds()).containsEntry("iface-id", "net1-pod1");

            client.transact(VswitchOps.DB, VswitchOps.setInterfaceExternalId("veth-pod1", "iface-id", "other"));
            assertThat(server.vsctl("get", "Interface", "veth-pod1", "external_ids:iface-id"))
                    .isEqualTo("other");

            client.transact(VswitchOps.DB, VswitchOps.deletePort(b.uuid(), p.uuid()));
            ovs.awaitNoRow(Interface.TABLE, row -> row.string("name").equals("veth-pod1"), WAIT);
            assertThat(server.vsctl("list-ports", "br-int")).isEmpty();
        }
    }
}
