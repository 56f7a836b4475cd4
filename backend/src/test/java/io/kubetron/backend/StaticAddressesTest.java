package io.kubetron.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.model.owner.PortOwner;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class StaticAddressesTest {
    private static final Network RED = new Network(
            "id-red",
            "red",
            null,
            null,
            null,
            List.of(new Network.Subnet("sub-red", "10.1.0.0/24", "10.1.0.1", List.of())));
    private static final Network TWO = new Network(
            "id-two",
            "two",
            null,
            null,
            null,
            List.of(
                    new Network.Subnet("sub-a", "10.1.0.0/24", "10.1.0.1", List.of()),
                    new Network.Subnet("sub-b", "10.3.0.0/24", null, List.of())));
    private static final Network EXCLUDING = new Network(
            "id-ex",
            "ex",
            null,
            null,
            null,
            List.of(new Network.Subnet(
                    "sub-ex", "10.4.0.0/24", "10.4.0.1", List.of(), true, List.of("10.4.0.2-10.4.0.9", "10.4.0.77"))));
    private static final Network GREEN = new Network("id-green", "green", "phys", 100, null, List.of());
    private static final PortOwner OWNER = new PortOwner("ns", "pod", null, null, null);

    private static PortRequest req(Network n, String name, String mac, String... ips) {
        return new PortRequest(n, name, OWNER, mac, List.of(ips));
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, BackendException.Reason reason, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessage(message);
    }

    @Test
    void anAddressInASubnetGivesThatSubnet() {
        assertThat(StaticAddresses.subnetOf(RED, "p", "10.1.0.5").id()).isEqualTo("sub-red");
        assertThat(StaticAddresses.subnetOf(TWO, "p", "10.3.0.9").id()).isEqualTo("sub-b");
        assertThat(StaticAddresses.subnetOf(TWO, "p", "10.3.0.1").id())
                .as("no gateway on that subnet: its first host is an address like any")
                .isEqualTo("sub-b");
    }

    @Test
    void addressesNoSubnetMayGiveAreRefusedWithWhatToDo() {
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "10.2.0.5"),
                BackendException.Reason.INVALID,
                "10.2.0.5 is outside the subnets of network red (10.1.0.0/24)");
        refused(
                () -> StaticAddresses.subnetOf(TWO, "p", "10.2.0.5"),
                BackendException.Reason.INVALID,
                "10.2.0.5 is outside the subnets of network two (10.1.0.0/24, 10.3.0.0/24)");
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "10.1.0.1"),
                BackendException.Reason.INVALID,
                "10.1.0.1 is the gateway of network red; ask for another address");
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "10.1.0.0"),
                BackendException.Reason.INVALID,
                "10.1.0.0 is the network address of 10.1.0.0/24 on network red; ask for a host address");
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "10.1.0.255"),
                BackendException.Reason.INVALID,
                "10.1.0.255 is the broadcast address of 10.1.0.0/24 on network red; ask for a host address");
        refused(
                () -> StaticAddresses.subnetOf(EXCLUDING, "p", "10.4.0.9"),
                BackendException.Reason.INVALID,
                "10.4.0.9 is excluded from the addresses of network ex (excluded range 10.4.0.2-10.4.0.9); ask for "
                        + "another address");
        refused(
                () -> StaticAddresses.subnetOf(EXCLUDING, "p", "10.4.0.77"),
                BackendException.Reason.INVALID,
                "10.4.0.77 is excluded from the addresses of network ex (excluded range 10.4.0.77); ask for another "
                        + "address");
        assertThat(StaticAddresses.subnetOf(EXCLUDING, "p", "10.4.0.10").id()).isEqualTo("sub-ex");
        refused(
                () -> StaticAddresses.subnetOf(GREEN, "p", "10.1.0.5"),
                BackendException.Reason.INVALID,
                "network green has no subnet, so port p cannot be given 10.1.0.5");
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "10.1.0.5/24"),
                BackendException.Reason.INVALID,
                "'10.1.0.5/24' asked for port p is not an IPv4 address; give the address alone, without a prefix, "
                        + "like 10.1.0.5");
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "10.1.0.300"),
                BackendException.Reason.INVALID,
                "'10.1.0.300' asked for port p is not an IPv4 address like 10.1.0.5");
        refused(
                () -> StaticAddresses.subnetOf(RED, "p", "fd00::5"),
                BackendException.Reason.INVALID,
                "'fd00::5' asked for port p is not an IPv4 address like 10.1.0.5");
    }

    @Test
    void macsAreUnicastEthernetAddressesLowerCased() {
        assertThat(StaticAddresses.mac("p", "0A:00:00:00:00:01")).isEqualTo("0a:00:00:00:00:01");
        refused(
                () -> StaticAddresses.mac("p", "01:00:5e:00:00:01"),
                BackendException.Reason.INVALID,
                "MAC 01:00:5e:00:00:01 asked for port p is a multicast address; a port needs a unicast one (first "
                        + "octet even, for example 0a:...)");
        refused(
                () -> StaticAddresses.mac("p", "0a-00-00-00-00-01"),
                BackendException.Reason.INVALID,
                "'0a-00-00-00-00-01' asked for port p is not a MAC address like 0a:00:00:00:00:01");
        refused(
                () -> StaticAddresses.mac("p", "00:00:00:00:00:00"),
                BackendException.Reason.INVALID,
                "MAC 00:00:00:00:00:00 asked for port p is all zeros");
    }

    @Test
    void theSameAddressOrMacTwiceOnANetworkInOneCallIsRefused() {
        refused(
                () -> StaticAddresses.noDuplicates(
                        List.of(req(RED, "a", null, "10.1.0.5"), req(RED, "b", null, "10.1.0.5"))),
                BackendException.Reason.INVALID,
                "10.1.0.5 on network red is asked for twice in one request (ports a and b)");
        refused(
                () -> StaticAddresses.noDuplicates(List.of(req(RED, "a", null, "10.1.0.5", "10.1.0.5"))),
                BackendException.Reason.INVALID,
                "10.1.0.5 on network red is asked for twice in one request (port a)");
        refused(
                () -> StaticAddresses.noDuplicates(
                        List.of(req(RED, "a", "0a:00:00:00:00:01"), req(RED, "b", "0A:00:00:00:00:01"))),
                BackendException.Reason.INVALID,
                "MAC 0a:00:00:00:00:01 on network red is asked for twice in one request (ports a and b)");
        // on two networks the same address or MAC is two different things
        StaticAddresses.noDuplicates(List.of(
                req(RED, "a", "0a:00:00:00:00:01", "10.1.0.5"), req(TWO, "b", "0a:00:00:00:00:01", "10.1.0.5")));
        StaticAddresses.noDuplicates(List.of(req(RED, "a", null), req(RED, "b", null)));
    }

    @Test
    void aRefusalNamesWhoHoldsTheAddress() {
        BackendPort ours =
                new BackendPort("id1", "red-x", "id-red", "red", "0a:00:00:00:00:01", List.of("10.1.0.5"), OWNER);
        BackendPort foreign =
                new BackendPort("lsp-9", null, "id-red", "red", "0a:00:00:00:00:02", List.of("10.1.0.6"), null);
        refused(
                () -> {
                    throw StaticAddresses.inUse("10.1.0.5", RED, ours);
                },
                BackendException.Reason.CONFLICT,
                "10.1.0.5 on network red is in use by port red-x of Pod ns/pod");
        refused(
                () -> {
                    throw StaticAddresses.inUse("MAC 0a:00:00:00:00:02", RED, foreign);
                },
                BackendException.Reason.CONFLICT,
                "MAC 0a:00:00:00:00:02 on network red is in use by a port not created by Kubetron (lsp-9)");
    }

    @Test
    void aRequestWithoutAddressesLeavesThemToTheBackend() {
        PortRequest r = new PortRequest(RED, "a", OWNER);
        assertThat(r.fixedIps()).isEmpty();
        assertThat(r.isStatic()).isFalse();
        assertThat(new PortRequest(RED, "a", OWNER, null, null).fixedIps()).isEmpty();
        assertThat(req(RED, "a", null, "10.1.0.5").isStatic()).isTrue();
        assertThat(StaticAddresses.sameAddresses(List.of("10.1.0.5", "10.1.0.6"), List.of("10.1.0.6", "10.1.0.5")))
                .isTrue();
        assertThat(StaticAddresses.sameAddresses(List.of("10.1.0.5"), List.of("10.1.0.6")))
                .isFalse();
    }
}
