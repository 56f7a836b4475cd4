package io.kubetron.node.plumbing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.model.NetworksSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlumbingPlannerTest {
    private static final PodRef POD = new PodRef("default", "web", "6f1c2f4e-7d0a-4a53-9a2b-0c6c3f1b2a10");

    private static NetworksSpec spec(String name, String id, String mac, List<String> ips) {
        return NetworksSpec.of(Map.of("red", new NetworksSpec.Port(name, id, mac, ips)));
    }

    @Test
    void anAttachmentCarriesThePortsIdentityAndTheOwnerTags() {
        Attachment a = new PlumbingPlanner(AddressMode.DHCP, 1500)
                .plan(
                        POD,
                        spec(
                                "red-abcdefghij",
                                "5b0c6a2e-1111-2222-3333-444455556666",
                                "0A:00:00:00:01:01",
                                List.of("10.1.0.5")),
                        Map.of("red", new NetworkParams(1400, 24)))
                .getFirst();
        assertThat(a.podIfName()).isEqualTo("red-abcdefghij");
        assertThat(a.hostIfName()).isEqualTo("kt5b0c6a2e11112").hasSizeLessThanOrEqualTo(15);
        assertThat(a.mac()).isEqualTo("0a:00:00:00:01:01");
        assertThat(a.mtu()).isEqualTo(1400);
        assertThat(a.externalIds())
                .containsEntry("iface-id", "5b0c6a2e-1111-2222-3333-444455556666")
                .containsEntry("attached-mac", "0a:00:00:00:01:01")
                .containsEntry("iface-status", "active")
                .containsEntry("kubetron:pod-namespace", "default")
                .containsEntry("kubetron:pod-name", "web")
                .containsEntry("kubetron:pod-uid", POD.uid())
                .containsEntry("kubetron:network", "red")
                .containsEntry("kubetron:creator", "kubetron-node");
    }

    @Test
    void aStandardAttachmentIsTaggedWithItsNetworkAndReportedUnderItsQualifiedName() {
        NetworksSpec spec = NetworksSpec.of(Map.of(
                "apps/red",
                new NetworksSpec.Port(
                        "net1",
                        "p-1",
                        "02:00:00:00:00:07",
                        List.of("10.1.0.7"),
                        null,
                        List.of("10.1.0.0/24"),
                        "red",
                        "apps/red",
                        List.of("10.1.0.1")),
                "apps/red@net2",
                new NetworksSpec.Port(
                        "net2", "p-2", "02:00:00:00:00:08", List.of(), null, List.of(), "red", "apps/red", List.of())));
        List<Attachment> plan = new PlumbingPlanner(AddressMode.DHCP, 1500).plan(POD, spec, Map.of());
        assertThat(plan).extracting(Attachment::network).containsExactly("red", "red");
        assertThat(plan).extracting(Attachment::statusName).containsExactly("apps/red", "apps/red");
        assertThat(plan).extracting(Attachment::podIfName).containsExactly("net1", "net2");
        assertThat(plan.getFirst().externalIds()).containsEntry("kubetron:network", "red");
        assertThat(plan.getFirst().defaultRoute()).containsExactly("10.1.0.1");
        assertThat(LinkCommands.defaultRoute(plan.getFirst()))
                .containsExactly("route replace default via 10.1.0.1 dev net1");
        assertThat(LinkCommands.defaultRoute(plan.get(1))).isEmpty();

        NetworksSpec bad = NetworksSpec.of(Map.of(
                "apps/red",
                new NetworksSpec.Port(
                        "net1",
                        "p-1",
                        "02:00:00:00:00:07",
                        List.of(),
                        null,
                        List.of(),
                        "red",
                        "apps/red",
                        List.of("10.1.0.1; reboot"))));
        assertThatThrownBy(() -> new PlumbingPlanner(AddressMode.DHCP, 1500).plan(POD, bad, Map.of()))
                .hasMessageContaining("network apps/red of Pod default/web")
                .hasMessageContaining("is not an IPv4 address");
    }

    @Test
    void hostNamesAreStableAndShortForAnyPortId() {
        assertThat(HostIfNames.of("p1"))
                .isEqualTo(HostIfNames.of("p1"))
                .hasSize(15)
                .startsWith("kt")
                .isNotEqualTo(HostIfNames.of("p2"));
    }

    @Test
    void refusesWhatTheKernelOrOvnWouldReject() {
        PlumbingPlanner p = new PlumbingPlanner(AddressMode.DHCP, 1500);
        assertThatThrownBy(() ->
                        p.plan(POD, spec("a-name-longer-than-15", "id", "0a:00:00:00:00:01", List.of()), Map.of()))
                .hasMessageContaining("network red of Pod default/web")
                .hasMessageContaining("interface");
        assertThatThrownBy(() -> p.plan(POD, spec("eth0", "id", "0a:00:00:00:00:01", List.of()), Map.of()))
                .hasMessageContaining("eth0");
        assertThatThrownBy(() -> p.plan(POD, spec("red1", "id", "not-a-mac", List.of()), Map.of()))
                .hasMessageContaining("MAC");
        assertThatThrownBy(() -> new PlumbingPlanner(AddressMode.STATIC, 1500)
                        .plan(POD, spec("red1", "id", "0a:00:00:00:00:01", List.of("10.0.0.2")), Map.of()))
                .hasMessageContaining("prefix length");
    }

    @Test
    void commandsOfOneAttachment() {
        Attachment a = new PlumbingPlanner(AddressMode.STATIC, 1500)
                .plan(
                        POD,
                        spec("red1", "5b0c6a2e-1111-2222-3333-444455556666", "0a:00:00:00:01:01", List.of("10.1.0.5")),
                        Map.of("red", new NetworkParams(1400, 24)))
                .getFirst();
        assertThat(LinkCommands.hostSide(a, 4242))
                .containsExactly(
                        "link add kt5b0c6a2e11112 mtu 1400 type veth peer name red1 mtu 1400 netns 4242",
                        "link set kt5b0c6a2e11112 up");
        assertThat(LinkCommands.podSide(a))
                .containsExactly(
                        "link set dev red1 address 0a:00:00:00:01:01",
                        "link set dev red1 up",
                        "addr replace 10.1.0.5/24 dev red1");
    }
}
