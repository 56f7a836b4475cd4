package io.kubetron.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void helpListsEverySubcommandWithOneLine() {
        assertHelpListsAllSubcommands(Main.commandLine());
    }

    @Test
    void unknownEnvFormatIsAnErrorThatSaysWhatToUse() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("lab", "env", "--dir", "/nonexistent-kubetron-lab", "-o", "xml");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString()).contains("unknown output 'xml': use shell or json");
    }

    @Test
    void anUnknownSubcommandIsRefused() {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("no-such-command")).isEqualTo(2);
    }

    private static void assertHelpListsAllSubcommands(CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        String help = out.toString();
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            // picocli lists a command by its header's first line, or its description's when it has no header
            var usage = sub.getValue().getCommandSpec().usageMessage();
            String[] description = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(description).as("description of " + sub.getKey()).isNotEmpty();
            assertThat(help).as("help of " + cl.getCommandName())
                    .containsPattern("(?m)^\\s+" + sub.getKey() + "\\s+" + java.util.regex.Pattern.quote(description[0]));
            if (!sub.getKey().equals("help")) {
                assertHelpListsAllSubcommands(sub.getValue());
            }
        }
    }
}
