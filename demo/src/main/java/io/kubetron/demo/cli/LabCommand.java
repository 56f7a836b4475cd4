package io.kubetron.demo.cli;

import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.NeutronOptions;
import io.kubetron.lab.NodeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kubetron lab}: a real local OVS + OVN environment. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        description = "Run a real local OVS + OVN environment (root).",
        subcommands = {LabCommand.Up.class, LabCommand.Down.class, LabCommand.Status.class, LabCommand.Env.class},
        commandListHeading = "%nCommands:%n")
public final class LabCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options naming the lab. */
    static final class Where {
        @Option(
                names = "--name",
                defaultValue = LabConfig.DEFAULT_NAME,
                description = "Lab name: prefix of its namespaces and chassis (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--dir", description = "State directory (default: /tmp/kubetron-<name>).")
        Path dir;

        Path dir() {
            return dir != null ? dir : LabConfig.named(name).dir();
        }

        /** An existing lab's own configuration, or the defaults for this name. */
        Lab lab() {
            return new Lab(
                    LabConfig.load(dir()).orElseGet(() -> LabConfig.named(name).withDir(dir())),
                    line -> System.err.println(line));
        }
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description = "Start the lab; return when OVN is ready.",
            footer = {
                "%nReady means: the chassis is registered and a Northbound change has reached it.",
                "With --nodes, also that every node's chassis is registered and has a Geneve tunnel to each other node.",
                "With --neutron, also that Neutron (HTTPS, certificate of the lab's CA) can create and bind ports."
            })
    static final class Up implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(
                names = "--nb-port",
                defaultValue = "" + LabConfig.DEFAULT_NB_PORT,
                description = "OVN Northbound TCP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int nbPort;

        @Option(
                names = "--sb-port",
                defaultValue = "" + LabConfig.DEFAULT_SB_PORT,
                description = "OVN Southbound TCP port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int sbPort;

        @Option(
                names = "--nb-ssl-port",
                defaultValue = "" + LabConfig.DEFAULT_NB_SSL_PORT,
                description = "OVN Northbound mutual-TLS port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int nbSslPort;

        @Option(names = "--no-ssl", description = "Do not generate a PKI nor open the TLS listener.")
        boolean noSsl;

        @Option(
                names = "--neutron",
                description = "Also run a real neutron-server (ML2/OVN on this lab, HTTPS, noauth).")
        boolean neutron;

        @Option(
                names = "--keystone",
                description = "Also run a real Keystone and make Neutron use it (implies --neutron).")
        boolean keystone;

        @Option(
                names = "--neutron-port",
                defaultValue = "" + NeutronOptions.DEFAULT_PORT,
                description = "Neutron's HTTPS port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int neutronPort;

        @Option(
                names = "--keystone-port",
                defaultValue = "" + NeutronOptions.DEFAULT_KEYSTONE_PORT,
                description = "Keystone's HTTPS port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int keystonePort;

        @Option(
                names = "--nodes",
                defaultValue = "1",
                paramLabel = "N",
                description = "Emulated nodes, 1-" + NodeOptions.MAX + ", each its own Open vSwitch and chassis, "
                        + "Geneve between them (default: ${DEFAULT-VALUE}).")
        int nodes;

        @Option(
                names = "--physnet",
                description = "Give every node a provider bridge br-prov for phys-net10, "
                        + "uplinked to a provider switch with an external host 192.168.100.100 on VLAN 100.")
        boolean physnet;

        @Override
        public Integer call() {
            LabConfig config = new LabConfig(
                    where.name,
                    where.dir(),
                    nbPort,
                    sbPort,
                    nbSslPort,
                    !noSsl,
                    new NeutronOptions(neutron, keystone, neutronPort, keystonePort),
                    new NodeOptions(nodes, physnet));
            Lab lab = new Lab(config, line -> System.err.println(line));
            lab.up();
            System.out.println("Lab " + config.name() + " is up. Next:");
            System.out.println("  eval \"$(./kubetron lab env" + (where.dir != null ? " --dir " + where.dir : "")
                    + (where.dir == null && !config.name().equals(LabConfig.DEFAULT_NAME)
                            ? " --name " + config.name()
                            : "")
                    + ")\"   # points ovn-nbctl, ovn-sbctl and ovs-vsctl at the lab");
            System.out.println("  ovn-nbctl show; ovs-vsctl show");
            if (lab.nodes().size() > 1) {
                System.out.println(
                        "  ovn-sbctl show; ovs-vsctl --db=\"$KUBETRON_LAB_NODE1_OVS_DB\" show   # every chassis;"
                                + " node 1's switch");
            }
            lab.physnet()
                    .ifPresent(p -> System.out.println("  ip -n " + p.externalHostNamespace() + " addr show eth0"
                            + "   # the external host " + p.externalHostAddress() + " on VLAN " + p.vlan()
                            + ": a localnet port"
                            + " with network_name=" + p.network() + ", tag=" + p.vlan() + " reaches it"));
            lab.neutron()
                    .ifPresent(
                            n -> System.out.println(
                                    n.keystone().isPresent()
                                            ? "  openstack network list   # the OS_* variables log in to the lab's Keystone (python3-openstackclient)"
                                            : "  curl --cacert \"$KUBETRON_NEUTRON_CA_CERT\" \"$KUBETRON_NEUTRON_URL/v2.0/networks\""));
            System.out.println("  ./kubetron lab status");
            System.out.println("  ./kubetron lab down");
            return 0;
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description = "Stop the lab and remove all it created.",
            footer =
                    "%nStops only this lab's processes (by PID), deletes its namespaces and links and its state directory; keeps the logs.")
    static final class Down implements Callable<Integer> {
        @Mixin
        Where where;

        @Override
        public Integer call() {
            where.lab().down();
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show each daemon, its PID, memory and log, and each node's chassis.",
            footer = "%nExit status: 0 when every daemon runs and every node's chassis is registered, 3 otherwise.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Where where;

        @Override
        public Integer call() {
            var status = where.lab().status();
            System.out.print(status.render());
            return status.up() ? 0 : 3;
        }
    }

    @Command(
            name = "env",
            mixinStandardHelpOptions = true,
            description = "Print the endpoints as shell exports or JSON.")
    static final class Env implements Callable<Integer> {
        @Mixin
        Where where;

        @Option(
                names = {"-o", "--output"},
                defaultValue = "shell",
                description = "shell or json (default: ${DEFAULT-VALUE}).")
        String output;

        @Override
        public Integer call() {
            Lab lab = where.lab();
            switch (output) {
                case "shell" -> System.out.print(lab.endpoints().toShell(lab.config()));
                case "json" -> System.out.print(lab.endpoints().toJson(lab.config()));
                default -> throw new IllegalArgumentException("unknown output '" + output + "': use shell or json");
            }
            return 0;
        }
    }
}
