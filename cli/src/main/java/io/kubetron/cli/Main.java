package io.kubetron.cli;

import io.kubetron.cli.network.NetworkCommand;
import io.kubetron.cli.network.PortCommand;
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
            io.kubetron.cli.webhook.WebhookCommand.class,
            io.kubetron.cli.gc.GcCommand.class,
            io.kubetron.cli.node.NodeAgentCommand.class,
            CommandLine.HelpCommand.class
        },
        commandListHeading = "%nCommands:%n")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("kubetron: " + e.getMessage());
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
