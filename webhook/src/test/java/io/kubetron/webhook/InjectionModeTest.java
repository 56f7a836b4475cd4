package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InjectionModeTest {

    @Test
    void parsesTheFlagSpellings() {
        assertThat(InjectionMode.parse("sidecar")).isEqualTo(InjectionMode.SIDECAR);
        assertThat(InjectionMode.parse(" INIT ")).isEqualTo(InjectionMode.INIT);
        assertThat(InjectionMode.INIT.flag()).isEqualTo("init");
    }

    @Test
    void anUnknownModeNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> InjectionMode.parse("initcontainer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown injection mode 'initcontainer': use sidecar or init");
    }

    @Test
    void theDefaultIsTheOriginalsSidecar() {
        assertThat(AdmissionSettings.defaults().injection()).isEqualTo(InjectionMode.INIT);
    }
}
