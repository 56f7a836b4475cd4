package io.kubetron.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangeTest {
    private static final Ipv4Cidr NET = Ipv4Cidr.parse("10.0.0.0/24");

    @Test
    void parsesOneAddressOrARangeAndMergesOverlaps() {
        assertThat(AddressRange.parse("10.0.0.5", NET).toString()).isEqualTo("10.0.0.5");
        assertThat(AddressRange.parse(" 10.0.0.2 - 10.0.0.9 ", NET).ovn()).isEqualTo("10.0.0.2..10.0.0.9");
        assertThat(AddressRange.parseAll(List.of("10.0.0.8-10.0.0.20", "10.0.0.2-10.0.0.9", "10.0.0.21"), NET))
                .extracting(AddressRange::toString)
                .containsExactly("10.0.0.2-10.0.0.21");
    }

    @Test
    void refusesRangesOutsideTheHostsOrBackwardsWithTheRangeInTheMessage() {
        assertThatThrownBy(() -> AddressRange.parse("10.0.1.2-10.0.1.9", NET))
                .hasMessageContaining("'10.0.1.2-10.0.1.9' is not inside the host addresses of 10.0.0.0/24");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0", NET)).hasMessageContaining("not inside");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.255", NET)).hasMessageContaining("not inside");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.9-10.0.0.2", NET))
                .hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> AddressRange.parse("ten", NET))
                .hasMessageContaining("'ten' is not an address or a range like 10.0.0.2-10.0.0.9");
    }

    @Test
    void poolsAreTheHostsLessGatewayAndExcludedAndTheirComplementGivesTheRangesBack() {
        List<AddressRange> excluded = AddressRange.parseAll(List.of("10.0.0.2-10.0.0.9", "10.0.0.200"), NET);
        List<AddressRange> pools = AddressRange.pools(NET, "10.0.0.1", excluded);
        assertThat(pools)
                .extracting(AddressRange::toString)
                .containsExactly("10.0.0.10-10.0.0.199", "10.0.0.201-10.0.0.254");
        assertThat(pools.stream().mapToLong(AddressRange::size).sum()).isEqualTo(254 - 1 - 8 - 1);
        assertThat(AddressRange.complement(NET, pools))
                .extracting(AddressRange::toString)
                .containsExactly("10.0.0.1-10.0.0.9", "10.0.0.200");
        assertThat(AddressRange.parse("10.0.0.1-10.0.0.9", NET).minus(Ipv4Cidr.toLong("10.0.0.1")))
                .extracting(AddressRange::toString)
                .containsExactly("10.0.0.2-10.0.0.9");
        assertThat(AddressRange.pools(NET, "10.0.0.1", List.of()))
                .extracting(AddressRange::toString)
                .containsExactly("10.0.0.2-10.0.0.254");
    }

    @Test
    void aSubnetSpecRefusesAnExcludedRangeOrGatewayOutsideItsCidr() {
        assertThatThrownBy(() -> new NetworkSpec.SubnetSpec("10.0.0.0/24", null, null, List.of("10.9.0.1")))
                .hasMessageContaining("'10.9.0.1' is not inside");
        assertThatThrownBy(() -> new NetworkSpec.SubnetSpec("10.0.0.0/24", "10.9.0.1", null, null))
                .hasMessageContaining("gateway 10.9.0.1 is not in 10.0.0.0/24");
        assertThat(new NetworkSpec.SubnetSpec("10.0.0.0/24", null, null, null).effectiveGateway())
                .isEqualTo("10.0.0.1");
    }
}
