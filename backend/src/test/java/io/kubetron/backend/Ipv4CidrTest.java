package io.kubetron.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Ipv4CidrTest {

    @Test
    void parsesAndComputes() {
        Ipv4Cidr c = Ipv4Cidr.parse("10.1.0.0/24");
        assertThat(c.size()).isEqualTo(256);
        assertThat(c.firstHost()).isEqualTo("10.1.0.1");
        assertThat(c.address(255)).isEqualTo("10.1.0.255");
        assertThat(c.netmask()).isEqualTo("255.255.255.0");
        assertThat(c.contains("10.1.0.77")).isTrue();
        assertThat(c.contains("10.1.1.0")).isFalse();
        assertThat(c.indexOf("10.1.0.10")).isEqualTo(10);
    }

    @Test
    void refusesWhatIsNotACidrWithAHint() {
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.0.5/24")).hasMessageContaining("did you mean 10.1.0.0/24?");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.0.0")).hasMessageContaining("is not an IPv4 CIDR");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.1.0.256/24")).hasMessageContaining("is not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Cidr.parse("10.0.0.0/31")).hasMessageContaining("outside /8../30");
    }
}
