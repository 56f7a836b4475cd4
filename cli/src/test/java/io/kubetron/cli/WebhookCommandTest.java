package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.config.BackendSettings;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.common.settings.Settings;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import io.kubetron.webhook.server.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WebhookCommandTest {
    private static final Map<String, String> ENV = Map.of("KUBETRON_OVN_NB", "unix:/run/ovn/ovnnb_db.sock");

    /** The settings after parsing {@code extra} behind the two key-pair flags (nothing runs). */
    private static Settings parse(Map<String, String> env, String... extra) {
        List<String> args = new ArrayList<>(List.of("webhook", "--tls-cert", "tls.crt", "--tls-key", "tls.key"));
        args.addAll(List.of(extra));
        CommandLine.ParseResult r = Main.commandLine(env).parseArgs(args.toArray(String[]::new));
        return ((WebhookCommand) r.subcommand().commandSpec().userObject()).settings();
    }

    private static Settings parse(String... extra) {
        return parse(ENV, extra);
    }

    @Test
    void injectionDefaultsToInitAndReadsSidecar() {
        assertThat(AdmissionSettings.from(parse()).injection()).isEqualTo(InjectionMode.INIT);
        assertThat(AdmissionSettings.from(parse("--injection", "init")).injection())
                .isEqualTo(InjectionMode.INIT);
        assertThat(AdmissionSettings.from(parse("--injection=SIDECAR")).injection())
                .isEqualTo(InjectionMode.SIDECAR);
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("webhook.yaml");
        Files.writeString(f, "max-networks: 2\nport: 9443\nlifecycle-grace: 5m\nignore-namespace: a,b\n");
        Map<String, String> env =
                Map.of("KUBETRON_OVN_NB", "unix:/x", "KUBETRON_MAX_NETWORKS", "3", "KUBETRON_LIFECYCLE_GRACE", "4m");
        Settings s = parse(
                env, "--config", f.toString(), "--max-networks", "4", "--ignore-namespace", "c", "--no-lifecycle");
        assertThat(s.get(AdmissionSettings.MAX_NETWORKS)).isEqualTo(4);
        assertThat(s.get(ServerSettings.PORT)).isEqualTo(9443);
        assertThat(s.get(io.kubetron.lifecycle.LifecycleSettings.GRACE)).isEqualTo(Duration.ofMinutes(4));
        assertThat(s.get(AdmissionSettings.IGNORE_NAMESPACE)).containsExactly("c");
        assertThat(s.get(SettingsCatalog.LIFECYCLE)).isFalse();
        assertThat(s.origin(AdmissionSettings.MAX_NETWORKS)).isEqualTo("--max-networks (command line)");
        assertThat(s.origin(ServerSettings.PORT)).isEqualTo("port (file " + f + ")");
        assertThat(BackendSettings.from(s).ovn().endpoints()).isEqualTo("unix:/x");
        // --ignore-namespace repeats and splits
        assertThat(parse("--ignore-namespace", "a,b", "--ignore-namespace", "c")
                        .get(AdmissionSettings.IGNORE_NAMESPACE))
                .containsExactly("a", "b", "c");
    }

    @Test
    void theStartUpLineMasksSecrets() {
        Settings s = parse(Map.of(
                "KUBETRON_BACKEND", "neutron",
                "OS_AUTH_URL", "https://k/v3",
                "OS_USERNAME", "kt",
                "OS_PASSWORD", "hunter2",
                "OS_PROJECT_NAME", "p"));
        assertThat(s.summary())
                .contains("os-password=*** (env)", "os-username=kt (env)", "tls-cert=tls.crt (flag)")
                .doesNotContain("hunter2");
    }

    @Test
    void anUnknownInjectionModeIsAUsageErrorNamingTheModesAndTheSource() {
        CommandLine cl = Main.commandLine(ENV);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("webhook", "--tls-cert", "c", "--tls-key", "k", "--injection", "initcontainer");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString())
                .contains("--injection (command line): unknown injection mode 'initcontainer': use sidecar or init")
                .contains("See 'kubetron webhook --help'")
                .doesNotContain("Usage:");
    }

    @Test
    void aMissingKeyPairAndARetiredVariableAreNamedAtOnce() {
        CommandLine cl = Main.commandLine(Map.of("KUBETRON_LIFECYCLE_SWEEP_SECONDS", "120"));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("webhook")).isEqualTo(2);
        assertThat(err.toString())
                .contains("tls-cert is required: set --tls-cert, KUBETRON_TLS_CERT or tls-cert in the settings file")
                .contains("tls-key is required")
                .contains("KUBETRON_LIFECYCLE_SWEEP_SECONDS (environment) is no longer read: it is "
                        + "KUBETRON_LIFECYCLE_SWEEP_INTERVAL now");
    }

    /** Secure by default: no unsigned networksSpec, so no start without a key set, and the message says how. */
    @Test
    void withoutASigningKeySetItDoesNotStartAndSaysHowToMakeOne(@TempDir Path dir) {
        CommandLine cl = Main.commandLine(Map.of("KUBETRON_OVN_NB", "unix:/nowhere", "KUBETRON_LIFECYCLE", "false"));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        Path none = dir.resolve("keys");
        assertThat(cl.execute("webhook", "--tls-cert", "c", "--tls-key", "k", "--signing-keys", none.toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("no networks-signing key set in " + none + " (setting signing-keys): it does not exist")
                .contains("deploy/gen-signing-key.sh");
    }

    @Test
    void helpDescribesBothModesTheDefaultImageAndTheVariables() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("webhook", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help)
                .contains("--injection=init|sidecar")
                .contains("--sidecar-cpu=QUANTITY")
                .contains("--sidecar-memory=QUANTITY")
                .contains("sidecar (appended to the containers")
                .contains("init (first init container")
                .contains("Default: init.")
                .contains("--[no-]lifecycle")
                .contains("Env: KUBETRON_LIFECYCLE_GRACE.")
                .contains("Secrets, from the environment or the --config file only (no flag, never logged): "
                        + "OS_PASSWORD, OS_APPLICATION_CREDENTIAL_SECRET, OS_TOKEN.");
        // picocli may wrap the image name at its dot
        assertThat(out.toString().replaceAll("\\s+", "")).contains("Default:ghcr.io/kubetron/hold:0.1.0.");
    }
}
