package io.kubetron.cli.network;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kubetron port}: the ports Kubetron created for Pods. */
@Command(
        name = "port",
        mixinStandardHelpOptions = true,
        description = "List the ports Kubetron owns.",
        subcommands = {PortCommand.ListPorts.class},
        commandListHeading = "%nCommands:%n")
public final class PortCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List owned ports, all or one Pod's.")
    static final class ListPorts implements Callable<Integer> {
        @Mixin
        BackendOptions backend;

        @Mixin
        Output output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--owner", description = "NAMESPACE/POD or NAMESPACE.")
        String owner;

        @Override
        public Integer call() {
            try (NetworkBackend b = backend.open()) {
                output.ports(
                        spec.commandLine().getOut(),
                        b.listOwnedPorts(owner == null ? OwnerFilter.ALL : OwnerFilter.parse(owner)));
            }
            return 0;
        }
    }
}
