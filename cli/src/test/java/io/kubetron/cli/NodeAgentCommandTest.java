package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.node.agent.NodeAgentSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeAgentCommandTest {
    private static NodeAgentCommand parse(Map<String, String> env, String... args) {
        CommandLine.ParseResult r = Main.commandLine(env).parseArgs(args);
        return (NodeAgentCommand) r.subcommand().commandSpec().userObject();
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheConfigFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, "node-name: from-file\nconcurrency: 2\nresync: 30s\nmtu: \"1300\"\n");
        NodeAgentCommand cmd = parse(
                Map.of("KUBETRON_NODE_NAME", "from-env", "KUBETRON_MTU", "1350"),
                "node-agent",
                "--config",
                f.toString(),
                "--concurrency",
                "8",
                "--no-pre-start");
        NodeAgentSettings s = NodeAgentSettings.from(cmd.settings());
        assertThat(s.nodeName()).isEqualTo("from-env");
        assertThat(s.concurrency()).isEqualTo(8);
        assertThat(s.resync()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.mtu()).isEqualTo(1350);
        assertThat(s.preStart()).isFalse();
        assertThat(cmd.settings().summary())
                .startsWith("node-name=from-env (env), ovsdb=unix:/var/run/openvswitch/db.sock (default)")
                .contains("concurrency=8 (flag)", "resync=30s (file)", "mtu=1350 (env)");
    }

    @Test
    void everyUserSettingHasItsFlagAndTheDevKitsHaveNone() {
        var spec = Main.commandLine().getSubcommands().get("node-agent").getCommandSpec();
        for (var d : NodeAgentSettings.SETTINGS) {
            assertThat(spec.findOption("--" + d.key())).as(d.key()).matches(o -> d.devKit() ? o == null : o != null);
        }
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        for (String knob : new String[] {"--field-selector=false", "--proc=/p"}) {
            assertThat(cl.execute("node-agent", knob)).as(knob).isEqualTo(2);
        }
    }

    /** Secure by default: the agent cannot check a networksSpec without the key set, so it does not start. */
    @Test
    void withoutASigningKeySetItDoesNotStartAndSaysHowToMakeOne(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        CommandLine cl = Main.commandLine(Map.of());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(
                        "node-agent",
                        "--node-name",
                        "n1",
                        "--metrics-address",
                        "off",
                        "--signing-keys",
                        dir.resolve("keys").toString()))
                .isEqualTo(1);
        assertThat(err.toString())
                .contains("no networks-signing key set in " + dir.resolve("keys")
                        + " (setting signing-keys): it is empty")
                .contains("deploy/gen-signing-key.sh");
    }

    @Test
    void aMissingNodeNameSaysWhereToSetIt() {
        CommandLine cl = Main.commandLine(Map.of("NODE_NAME", "old-style"));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("node-agent")).isEqualTo(2);
        assertThat(err.toString())
                .contains("node-name is required: set --node-name, KUBETRON_NODE_NAME or node-name in the settings "
                        + "file");
    }
}
