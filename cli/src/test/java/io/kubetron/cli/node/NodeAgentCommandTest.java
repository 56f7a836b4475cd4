package io.kubetron.cli.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.cli.Main;
import io.kubetron.node.agent.NodeAgentSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NodeAgentCommandTest {
    @Test
    void flagsWinOverTheConfigFileAndEveryFlagIsASetting(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, "node-name: from-file\nconcurrency: 2\nresync: 30s\n");
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult r =
                cl.parseArgs("node-agent", "--config", f.toString(), "--concurrency", "8", "--mtu", "1400");
        NodeAgentCommand cmd = (NodeAgentCommand) r.subcommand().commandSpec().userObject();
        NodeAgentSettings s = NodeAgentSettings.fromMap(cmd.merged());
        assertThat(s.nodeName()).isEqualTo("from-file");
        assertThat(s.concurrency()).isEqualTo(8);
        assertThat(s.resync()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.mtu()).isEqualTo(1400);
        // every flag but --config names a setting the agent knows
        cmd.spec.options().stream()
                .map(CommandLine.Model.OptionSpec::longestName)
                .filter(n -> !n.equals("--config") && !n.equals("--help") && !n.equals("--version"))
                .forEach(n -> assertThat(NodeAgentSettings.DEFAULTS).containsKey(n.substring(2)));
    }
}
