package io.kubetron.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeysTest {
    @Test
    void theFlagAndTheVariableFollowFromTheKey() {
        assertThat(Keys.flag("node-name")).isEqualTo("--node-name");
        assertThat(Keys.env("node-name")).isEqualTo("KUBETRON_NODE_NAME");
        assertThat(Keys.env("ovn-nb")).isEqualTo("KUBETRON_OVN_NB");
        assertThat(Keys.env("lifecycle-lease-namespace")).isEqualTo("KUBETRON_LIFECYCLE_LEASE_NAMESPACE");
        assertThat(Keys.env("mtu")).isEqualTo("KUBETRON_MTU");
    }

    @Test
    void openStackKeysKeepTheOpenStackToolsNames() {
        assertThat(Keys.env("os-auth-url")).isEqualTo("OS_AUTH_URL");
        assertThat(Keys.flag("os-auth-url")).isEqualTo("--os-auth-url");
        // only the os- prefix, not a key that merely starts with the letters
        assertThat(Keys.env("ost")).isEqualTo("KUBETRON_OST");
    }

    @Test
    void keysAreLowerCaseWordsJoinedByDashes() {
        for (String bad : new String[] {"Node-Name", "node_name", "-node", "node-", "node--name", "1node", ""}) {
            assertThatThrownBy(() -> Keys.checked(bad)).hasMessageContaining("is not a setting key");
        }
        assertThat(Keys.checked("a1-b2")).isEqualTo("a1-b2");
    }
}
