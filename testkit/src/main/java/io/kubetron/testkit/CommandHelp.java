package io.kubetron.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Checks a picocli command line's {@code --help} the way a user reads it. */
public final class CommandHelp {
    private CommandHelp() {}

    /** Every subcommand, at every depth, is listed in its parent's help with the first line of its description. */
    public static void assertListsEverySubcommand(CommandLine cl) {
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--help")).isZero();
        String help = out.toString();
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            // picocli lists a command by its header's first line, or its description's when it has no header
            var usage = sub.getValue().getCommandSpec().usageMessage();
            String[] description = usage.header().length > 0 ? usage.header() : usage.description();
            assertThat(description).as("description of " + sub.getKey()).isNotEmpty();
            assertThat(help)
                    .as("help of " + cl.getCommandName())
                    .containsPattern("(?m)^\\s+" + sub.getKey() + "\\s+" + Pattern.quote(description[0]));
            if (!sub.getKey().equals("help")) {
                assertListsEverySubcommand(sub.getValue());
            }
        }
    }
}
