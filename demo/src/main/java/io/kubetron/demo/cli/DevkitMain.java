package io.kubetron.demo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The dev kit's binary ({@code kubetron-devkit.jar}): the local lab and the demo, never shipped in the product image.
 * {@code ./kubetron demo} and {@code ./kubetron lab} run it; every other command runs the product's {@code kubetron.jar}.
 */
@Command(
        name = "kubetron",
        mixinStandardHelpOptions = true,
        versionProvider = io.kubetron.cli.Version.class,
        description = "Kubetron's dev kit: a local OVS/OVN (and Neutron) lab and the end-to-end demo.",
        subcommands = {LabCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n")
public final class DevkitMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // the demo prints its own progress and the components' INFO logs would drown it (--verbose keeps them); set
        // before the command line is built, because building it loads the commands and their loggers
        if (args.length > 0
                && args[0].equals("demo")
                && !java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DevkitMain());
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
