package io.kubetron.cli;

import io.kubetron.cli.network.NetworkCommand;
import io.kubetron.cli.network.PortCommand;
import io.kubetron.cli.settings.SettingsError;
import io.kubetron.cli.settings.SettingsOptions;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kubetron} binary, the product: one subcommand per deployable and operator tool. The dev kit's
 * {@code demo} and {@code lab} are another jar ({@code io.kubetron.demo.cli.DevkitMain}), reached through the same
 * {@code ./kubetron} launcher.
 */
@Command(
        name = "kubetron",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Secondary networks for Kubernetes Pods on OVN and Neutron.",
        subcommands = {
            NetworkCommand.class,
            PortCommand.class,
            io.kubetron.cli.WebhookCommand.class,
            io.kubetron.cli.gc.GcCommand.class,
            io.kubetron.cli.NodeAgentCommand.class,
            CommandLine.HelpCommand.class
        },
        commandListHeading = "%nCommands:%n")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests; settings from the process environment. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The command line with the commands' settings read from {@code environment} (tests give their own). */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof SettingsOptions o) {
                    o.environment(environment);
                }
                return made;
            }
        };
        CommandLine cl = new CommandLine(new Main(), factory);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kubetron: " + e.getMessage());
            return 1;
        });
        CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((e, args) -> {
            if (e instanceof SettingsError) {
                // the message names every problem; the whole usage would bury it in a Pod's log
                CommandLine cmd = e.getCommandLine();
                String name = cmd.getCommandSpec().qualifiedName();
                cmd.getErr().println(name + ": " + e.getMessage());
                cmd.getErr().println("See '" + name + " --help' and docs/configuration.md.");
                cmd.getErr().flush();
                return cmd.getCommandSpec().exitCodeOnInvalidInput();
            }
            return usage.handleParseException(e, args);
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
