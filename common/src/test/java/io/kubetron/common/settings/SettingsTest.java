package io.kubetron.common.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    static final Setting<String> NODE =
            Setting.of("node-name", SettingType.text("NAME"), "This node.").asRequired();
    static final Setting<Integer> CONCURRENCY =
            Setting.of("concurrency", SettingType.integer(1, 64), "At once.").defaultsTo("4");
    static final Setting<Duration> RESYNC = Setting.of("resync", SettingType.duration(Duration.ofSeconds(1)), "Every.")
            .defaultsTo("60s")
            .replacing("KUBETRON_RESYNC_SECONDS");
    static final Setting<String> PASSWORD = Setting.of("os-password", SettingType.text("TEXT"), "Keystone password.")
            .asSecret();
    static final Setting<String> NB =
            Setting.of("ovn-nb", SettingType.text("ENDPOINTS"), "Northbound.").alsoFromEnv("OVN_NB_DB");
    static final Setting<Boolean> SELECTOR = Setting.of("field-selector", SettingType.bool(), "Server-side filter.")
            .defaultsTo("true")
            .devKitOnly();
    static final List<Setting<?>> ALL = List.of(NODE, CONCURRENCY, RESYNC, PASSWORD, NB, SELECTOR);
    static final Path FILE = Path.of("/etc/kubetron/test.yaml");

    private static Settings resolve(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        return Settings.resolve(
                "test", ALL, List.of(Source.flags(flags), Source.environment(env), Source.file(FILE, file)));
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() {
        Settings s = resolve(
                Map.of("concurrency", "8"),
                Map.of("KUBETRON_CONCURRENCY", "6", "KUBETRON_NODE_NAME", "from-env", "KUBETRON_RESYNC", "2m"),
                Map.of("concurrency", "2", "node-name", "from-file", "resync", "1m", "ovn-nb", "unix:/f"));
        assertThat(s.get(CONCURRENCY)).isEqualTo(8);
        assertThat(s.get(NODE)).isEqualTo("from-env");
        assertThat(s.get(RESYNC)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.get(NB)).isEqualTo("unix:/f");
        assertThat(s.get(SELECTOR)).isTrue();
        assertThat(s.isGiven(SELECTOR)).isFalse();
        assertThat(s.origin(CONCURRENCY)).isEqualTo("--concurrency (command line)");
        assertThat(s.origin(NODE)).isEqualTo("KUBETRON_NODE_NAME (environment)");
        assertThat(s.origin(NB)).isEqualTo("ovn-nb (file /etc/kubetron/test.yaml)");
        assertThat(s.origin(SELECTOR)).isEqualTo("field-selector (default)");
    }

    @Test
    void aBlankTextIsNotSetAndAnAliasIsReadWhenTheKubetronVariableIsNot() {
        Settings s = resolve(
                Map.of("concurrency", " "),
                Map.of("KUBETRON_NODE_NAME", "n", "KUBETRON_CONCURRENCY", "", "OVN_NB_DB", "unix:/alias"),
                Map.of());
        assertThat(s.get(CONCURRENCY)).isEqualTo(4);
        assertThat(s.get(NB)).isEqualTo("unix:/alias");
        assertThat(s.origin(NB)).isEqualTo("OVN_NB_DB (environment)");
        Settings both = resolve(
                Map.of(),
                Map.of("KUBETRON_NODE_NAME", "n", "OVN_NB_DB", "unix:/a", "KUBETRON_OVN_NB", "unix:/k"),
                Map.of());
        assertThat(both.get(NB)).isEqualTo("unix:/k");
    }

    @Test
    void everyProblemIsNamedWithItsKeyAsSpelledThereAndItsSource() {
        assertThatThrownBy(() -> resolve(
                        Map.of("concurrency", "0"),
                        Map.of("KUBETRON_RESYNC", "soon"),
                        Map.of("colour", "blue", "field-selector", "false")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("test settings: ")
                .hasMessageContaining("--concurrency (command line): 0 is outside 1-64")
                .hasMessageContaining("KUBETRON_RESYNC (environment): 'soon' is not a duration such as 500ms")
                .hasMessageContaining(
                        "node-name is required: set --node-name, KUBETRON_NODE_NAME or node-name in the settings file")
                .hasMessageContaining("unknown setting 'colour' in file /etc/kubetron/test.yaml (known: node-name, "
                        + "concurrency, resync, os-password, ovn-nb)")
                // a dev-kit setting is no user setting: unknown in the file
                .hasMessageContaining("unknown setting 'field-selector'")
                .satisfies(e -> assertThat(((SettingsException) e).problems()).hasSize(5));
    }

    @Test
    void aRetiredVariableIsRefusedWithItsNewName() {
        assertThatThrownBy(() ->
                        resolve(Map.of(), Map.of("KUBETRON_NODE_NAME", "n", "KUBETRON_RESYNC_SECONDS", "60"), Map.of()))
                .hasMessageContaining("KUBETRON_RESYNC_SECONDS (environment) is no longer read: it is KUBETRON_RESYNC "
                        + "now, a duration such as 60s");
    }

    @Test
    void devKitSettingsAreReadOnlyFromCodeAndSecretsNeverFromFlags() {
        Settings env = resolve(
                Map.of("os-password", "flagged", "node-name", "n"),
                Map.of("KUBETRON_FIELD_SELECTOR", "false"),
                Map.of());
        assertThat(env.get(SELECTOR)).isTrue();
        assertThat(env.get(PASSWORD)).isNull();
        Settings given = Settings.resolve(
                "test", ALL, List.of(Source.given(Map.of("node-name", "n", "field-selector", "false"))));
        assertThat(given.get(SELECTOR)).isFalse();
        assertThat(given.origin(SELECTOR)).isEqualTo("field-selector (given)");
        assertThatThrownBy(
                        () -> Settings.resolve("test", ALL, List.of(Source.given(Map.of("node-name", "n", "x", "1")))))
                .hasMessageContaining("unknown setting 'x' in given");
    }

    @Test
    void secretsAreMaskedInTheSummaryAndNeverInAnError() {
        Settings s = resolve(Map.of(), Map.of("KUBETRON_NODE_NAME", "n", "OS_PASSWORD", "hunter2"), Map.of());
        assertThat(s.get(PASSWORD)).isEqualTo("hunter2");
        assertThat(s.summary())
                .isEqualTo("node-name=n (env), concurrency=4 (default), resync=1m (default), os-password=*** (env), "
                        + "field-selector=true (default)")
                .doesNotContain("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
        Setting<Integer> pin =
                Setting.of("pin", SettingType.integer(0, 9999), "A PIN.").asSecret();
        assertThatThrownBy(() -> Settings.resolve(
                        "test", List.of(pin), List.of(Source.environment(Map.of("KUBETRON_PIN", "hunter2")))))
                .hasMessage("test settings: KUBETRON_PIN (environment): not valid (the value is a secret, not shown)")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aDerivedSourceSeesTheOthersAndComesLast() {
        Source cloud = Source.derived(s -> s.find(NB)
                .map(nb -> Source.environment("clouds.yaml", "clouds.yaml", Map.of("OS_PASSWORD", "from-" + nb))));
        Settings s = Settings.resolve(
                "test",
                ALL,
                List.of(Source.environment(Map.of("KUBETRON_NODE_NAME", "n", "KUBETRON_OVN_NB", "x")), cloud));
        assertThat(s.get(PASSWORD)).isEqualTo("from-x");
        assertThat(s.summary()).contains("os-password=*** (clouds.yaml)");
    }

    @Test
    void typesReadAndRefuse() {
        assertThat(SettingType.bool().parse("TRUE")).isTrue();
        assertThatThrownBy(() -> SettingType.bool().parse("yes")).hasMessage("'yes' is not true or false");
        assertThat(SettingType.oneOf("dhcp", "static").parse("Static")).isEqualTo("static");
        assertThatThrownBy(() -> SettingType.oneOf("ovn", "neutron", "other").parse("x"))
                .hasMessage("'x' is not ovn, neutron or other");
        assertThat(SettingType.list("NS").parse("a, b,,c")).containsExactly("a", "b", "c");
        assertThat(SettingType.addressOrOff().parse("off")).isEmpty();
        assertThat(SettingType.addressOrOff().parse("0.0.0.0:9465"))
                .hasValueSatisfying(a -> assertThat(a.getPort()).isEqualTo(9465));
        assertThat(SettingType.addressOrOff().print(SettingType.addressOrOff().parse("127.0.0.1:0")))
                .isEqualTo("127.0.0.1:0");
        assertThatThrownBy(() -> SettingType.addressOrOff().parse("9465")).hasMessage("'9465' is not HOST:PORT or off");
        assertThatThrownBy(() -> SettingType.absolutePath("DIR").parse("run/x"))
                .hasMessage("'run/x' is not an absolute path");
        assertThatThrownBy(() -> SettingType.duration(Duration.ofSeconds(1)).parse("500ms"))
                .hasMessage("500ms is below 1s");
        assertThatThrownBy(() -> SettingType.integer(1, 9).parse("x")).hasMessage("'x' is not a whole number");
    }

    @Test
    void aKeyIsDefinedOnce() {
        assertThatThrownBy(() -> Settings.resolve("test", List.of(CONCURRENCY, CONCURRENCY), List.of()))
                .hasMessage("setting concurrency is defined 2 times");
    }

    @Test
    void theTableListsUserSettingsOnly() {
        String table = SettingsTable.markdown(ALL);
        assertThat(table)
                .contains("| `concurrency` | N | `--concurrency` | `KUBETRON_CONCURRENCY` | `4` | At once. |")
                .contains(
                        "| `os-password` | TEXT | none (secret) | `OS_PASSWORD` | none | Keystone password. Secret: never logged. |")
                .contains("`KUBETRON_OVN_NB`, else `OVN_NB_DB`")
                .contains("| `node-name` | NAME | `--node-name` | `KUBETRON_NODE_NAME` | required |")
                .doesNotContain("field-selector");
    }
}
