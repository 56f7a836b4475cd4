package io.kubetron.node.deviceplugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeDebounceTest {
    @Test
    void oneOrTwoFailedProbesLeaveTheDevicesHealthyThreeDoNot() {
        ProbeDebounce d = new ProbeDebounce(3);
        assertThat(d.next(false)).as("nothing known yet").isFalse();
        assertThat(d.next(true)).isTrue();
        assertThat(d.next(false)).isTrue();
        assertThat(d.next(false)).isTrue();
        assertThat(d.next(true)).as("a good probe resets the count").isTrue();
        assertThat(d.next(false)).isTrue();
        assertThat(d.next(false)).isTrue();
        assertThat(d.next(false)).isFalse();
        assertThat(d.next(true)).as("back at the first good probe").isTrue();
    }
}
