package io.kubetron.cli.network;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
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

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            abbreviateSynopsis = true,
            modelTransformer = SettingsCatalog.BackendFlags.class,
            description = "List owned ports, all or one Pod's.")
    static final class ListPorts implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Mixin
        Output output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--owner", description = "NAMESPACE/POD or NAMESPACE.")
        String owner;

        @Override
        public Integer call() {
            try (NetworkBackend b = Backends.open(SettingsCatalog.backend(settings, "kubetron port list"))) {
                output.ports(
                        spec.commandLine().getOut(),
                        b.listOwnedPorts(owner == null ? OwnerFilter.ALL : OwnerFilter.parse(owner)));
            }
            return 0;
        }
    }
}
