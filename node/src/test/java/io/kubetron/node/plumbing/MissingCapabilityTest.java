package io.kubetron.node.plumbing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MissingCapabilityTest {
    @Test
    void eachRefusalNamesTheCapabilityItShows() {
        assertThat(MissingCapability.in("nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted"))
                .hasValueSatisfying(h -> assertThat(h).contains("CAP_SYS_ADMIN"));
        assertThat(MissingCapability.in("udhcpc: socket: Operation not permitted"))
                .hasValueSatisfying(h -> assertThat(h).contains("CAP_NET_RAW"));
        assertThat(MissingCapability.in("RTNETLINK answers: Operation not permitted"))
                .hasValueSatisfying(h -> assertThat(h).contains("CAP_NET_ADMIN"));
    }

    @Test
    void otherFailuresGetNoHint() {
        assertThat(MissingCapability.in("Cannot find device \"kt123\"")).isEmpty();
        assertThat(MissingCapability.explain("RTNETLINK answers: File exists"))
                .isEqualTo("RTNETLINK answers: File exists");
    }
}
