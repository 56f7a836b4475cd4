package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.testkit.CommandHelp;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

    @Test
    void helpListsEverySubcommandWithOneLine() {
        CommandHelp.assertListsEverySubcommand(Main.commandLine());
    }

    @Test
    void theProductHasNoDevKitCommands() {
        assertThat(Main.commandLine().getSubcommands())
                .doesNotContainKeys("lab", "demo")
                .containsKeys("webhook", "node-agent", "gc", "network", "port");
    }

    @Test
    void anUnknownSubcommandIsRefused() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("no-such-command")).isEqualTo(2);
    }
}
