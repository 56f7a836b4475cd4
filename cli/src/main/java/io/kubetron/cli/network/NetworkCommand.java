package io.kubetron.cli.network;

import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.config.Backends;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kubetron network}: the networks Pods can ask for. Given {@code --kubeconfig}, a view over the cluster's
 * Network objects (docs/networks.md), whose backend networks the lifecycle controller makes; otherwise straight
 * against the backend (the lab, the demo).
 */
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
            description = "Create a network (with --kubeconfig: a Network object).")
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

        @Option(names = "--mtu", description = "MTU Pods are told (default: the backend's).")
        Integer mtu;

        @Option(names = "--no-dhcp", description = "No DHCP on the subnet (Pods configure their address themselves).")
        boolean noDhcp;

        @Option(
                names = "--exclude",
                split = ",",
                description = "Addresses no port gets: A or A-B, e.g. 10.1.0.2-10.1.0.9.")
        List<String> exclude = new ArrayList<>();

        @Option(
                names = "--kubeconfig",
                description = "Create a Network object in this cluster instead (the lifecycle controller makes the "
                        + "backend network).")
        Path kubeconfig;

        @Option(
                names = "--adopt",
                description = "With --kubeconfig: adopt this existing backend network (name or id) instead of "
                        + "declaring one.")
        String adopt;

        @Option(
                names = "--namespace-selector",
                description = "With --kubeconfig: who may join: '*' for every namespace, or labels like team=red "
                        + "(default: no namespace).")
        String namespaceSelector;

        @Override
        public Integer call() {
            if ((gateway != null || !dns.isEmpty() || !exclude.isEmpty()) && subnet == null) {
                throw new IllegalArgumentException("--gateway, --dns and --exclude need --subnet");
            }
            if (kubeconfig != null) {
                return createObject();
            }
            if (adopt != null || namespaceSelector != null) {
                throw new IllegalArgumentException("--adopt and --namespace-selector need --kubeconfig");
            }
            NetworkSpec wanted = new NetworkSpec(
                    name,
                    subnet == null ? null : new NetworkSpec.SubnetSpec(subnet, gateway, dns, exclude),
                    physnet,
                    vlan,
                    mtu,
                    !noDhcp,
                    null);
            try (NetworkBackend b = Backends.open(SettingsCatalog.backend(settings, "kubetron network create"))) {
                output.networks(spec.commandLine().getOut(), List.of(b.createNetwork(wanted)));
            }
            return 0;
        }

        private int createObject() {
            io.kubetron.model.network.Network n = io.kubetron.model.network.Network.named(name);
            var selector = NetworkObjects.selector(namespaceSelector);
            if (adopt != null) {
                if (subnet != null || physnet != null || vlan != null || mtu != null || noDhcp) {
                    throw new IllegalArgumentException(
                            "--adopt takes the backend network as it is: no --subnet, --physnet, --vlan, --mtu or "
                                    + "--no-dhcp");
                }
                io.kubetron.model.network.AdoptedNetwork a =
                        UUID_LIKE.matcher(adopt).matches()
                                ? io.kubetron.model.network.AdoptedNetwork.byId(adopt)
                                : io.kubetron.model.network.AdoptedNetwork.byName(adopt);
                n.setSpec(io.kubetron.model.network.NetworkSpec.adopting(a, selector));
            } else {
                io.kubetron.model.network.DeclaredNetwork d = new io.kubetron.model.network.DeclaredNetwork();
                if (subnet != null) {
                    io.kubetron.model.network.Subnet s = io.kubetron.model.network.Subnet.of(subnet);
                    s.setGateway(gateway);
                    s.setDnsServers(dns.isEmpty() ? null : dns);
                    s.setExcludeRanges(exclude.isEmpty() ? null : exclude);
                    d.setSubnets(List.of(s));
                }
                d.setPhysicalNetwork(physnet);
                d.setVlan(vlan);
                d.setMtu(mtu);
                d.setDhcp(noDhcp ? false : null);
                n.setSpec(io.kubetron.model.network.NetworkSpec.declaring(d, selector));
            }
            try (NetworkObjects objects = NetworkObjects.open(kubeconfig)) {
                NetworkObjects.print(
                        spec.commandLine().getOut(), List.of(objects.create(n)), "json".equals(output.format));
            }
            return 0;
        }
    }

    private static final java.util.regex.Pattern UUID_LIKE =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}");

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            abbreviateSynopsis = true,
            modelTransformer = SettingsCatalog.BackendFlags.class,
            description = "List networks (with --kubeconfig: Network objects).")
    static final class ListNetworks implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Mixin
        Output output;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--kubeconfig", description = "List the Network objects of this cluster instead.")
        Path kubeconfig;

        @Override
        public Integer call() {
            if (kubeconfig != null) {
                try (NetworkObjects objects = NetworkObjects.open(kubeconfig)) {
                    NetworkObjects.print(spec.commandLine().getOut(), objects.list(), "json".equals(output.format));
                }
                return 0;
            }
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
            description = "Delete a network (with --kubeconfig: its Network object).")
    static final class Delete implements Callable<Integer> {
        @Mixin
        SettingsOptions settings;

        @Parameters(index = "0", description = "Network name or id.")
        String name;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(
                names = "--kubeconfig",
                description = "Delete the Network object of this cluster instead (its backend network goes when no "
                        + "port is left on it).")
        Path kubeconfig;

        @Override
        public Integer call() {
            if (kubeconfig != null) {
                try (NetworkObjects objects = NetworkObjects.open(kubeconfig)) {
                    if (!objects.delete(name)) {
                        throw new IllegalArgumentException("Network " + name + " does not exist");
                    }
                }
                spec.commandLine()
                        .getOut()
                        .println("deleting Network " + name + ": a declared network's backend network goes when no "
                                + "port is left on it (kubectl get network " + name + ")");
                spec.commandLine().getOut().flush();
                return 0;
            }
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
