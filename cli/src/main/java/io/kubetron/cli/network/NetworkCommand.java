package io.kubetron.cli.network;

import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kubetron network}: the networks Pods can ask for. */
@Command(
        name = "network",
        mixinStandardHelpOptions = true,
        description = "Create, list and delete networks.",
        subcommands = {NetworkCommand.Create.class, NetworkCommand.ListNetworks.class, NetworkCommand.Delete.class},
        commandListHeading = "%nCommands:%n")
public final class NetworkCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            abbreviateSynopsis = true,
            modelTransformer = SettingsCatalog.BackendFlags.class,
            description = "Create a network (and its subnet).")
    static final class Create implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Mixin
        Output output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", description = "Network name, as Pods will ask for it.")
        String name;

        @Option(names = "--subnet", description = "IPv4 CIDR served by OVN's DHCP, e.g. 10.1.0.0/24.")
        String subnet;

        @Option(names = "--gateway", description = "Router address (default: the CIDR's first address).")
        String gateway;

        @Option(names = "--dns", split = ",", description = "DNS servers handed out by DHCP.")
        List<String> dns = new ArrayList<>();

        @Option(names = "--physnet", description = "Physical network name: makes a provider network.")
        String physnet;

        @Option(names = "--vlan", description = "VLAN id on the physical network (default: untagged).")
        Integer vlan;

        @Override
        public Integer call() {
            if ((gateway != null || !dns.isEmpty()) && subnet == null) {
                throw new IllegalArgumentException("--gateway and --dns need --subnet");
            }
            NetworkSpec wanted = new NetworkSpec(
                    name, subnet == null ? null : new NetworkSpec.SubnetSpec(subnet, gateway, dns), physnet, vlan);
            try (NetworkBackend b = Backends.open(SettingsCatalog.backend(settings, "kubetron network create"))) {
                output.networks(spec.commandLine().getOut(), List.of(b.createNetwork(wanted)));
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            abbreviateSynopsis = true,
            modelTransformer = SettingsCatalog.BackendFlags.class,
            description = "List networks.")
    static final class ListNetworks implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Mixin
        Output output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (NetworkBackend b = Backends.open(SettingsCatalog.backend(settings, "kubetron network list"))) {
                List<Network> all = new ArrayList<>(b.listNetworks());
                all.sort(java.util.Comparator.comparing(
                        Network::name, java.util.Comparator.nullsFirst(String::compareTo)));
                output.networks(spec.commandLine().getOut(), all);
            }
            return 0;
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            abbreviateSynopsis = true,
            modelTransformer = SettingsCatalog.BackendFlags.class,
            description = "Delete a network and its subnet.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Parameters(index = "0", description = "Network name or id.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (NetworkBackend b = Backends.open(SettingsCatalog.backend(settings, "kubetron network delete"))) {
                if (!b.deleteNetwork(name)) {
                    throw new IllegalArgumentException("network " + name + " does not exist");
                }
            }
            spec.commandLine().getOut().println("deleted network " + name);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
