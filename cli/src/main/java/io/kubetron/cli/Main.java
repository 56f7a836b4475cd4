package io.kubetron.cli;

import io.kubetron.cli.lab.LabCommand;
import io.kubetron.cli.network.NetworkCommand;
import io.kubetron.cli.network.PortCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kubetron} binary: one executable, one subcommand per deployable and tool. */
@Command(name = "kubetron", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Secondary networks for Kubernetes Pods on OVN and Neutron.",
        subcommands = {LabCommand.class, NetworkCommand.class, PortCommand.class, io.kubetron.cli.webhook.WebhookCommand.class,
            io.kubetron.cli.gc.GcCommand.class, io.kubetron.cli.node.NodeAgentCommand.class,
            io.kubetron.cli.demo.DemoCommand.class,
            CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n")
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the demo prints its own progress and the components' INFO logs would drown it (--verbose keeps them); set
        // before the command line is built, because building it loads the commands and their loggers
        if (args.length > 0 && args[0].equals("demo") && !java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
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
