package io.kubetron.demo.cli;

import io.kubetron.demo.Demo;
import io.kubetron.demo.DemoOptions;
import io.kubetron.lab.FileTrees;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.InjectionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code kubetron demo}: the original README's walk-through on the local lab (see docs/demo.md). */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run the whole flow on a local lab, then remove everything.")
public final class DemoCommand implements Callable<Integer> {
    @Option(
            names = "--nodes",
            defaultValue = "2",
            description = "Emulated nodes, each with its own OVS and ovn-controller; the two Pods land on two of them "
                    + "(default: ${DEFAULT-VALUE}, at most 4).")
    int nodes;

    @Option(
            names = "--physnet",
            description = "Also a physical network green (VLAN 100 on phys-net10); pod1 joins it "
                    + "and pings an external host on that VLAN.")
    boolean physnet;

    @Option(names = "--neutron", description = "Ports from a real neutron-server (ML2/OVN) instead of OVN directly.")
    boolean neutron;

    @Option(
            names = "--name",
            defaultValue = "ktdemo",
            description = "Name of the demo's lab (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
            names = "--injection",
            defaultValue = "init",
            converter = DemoCommand.Injection.class,
            description = "Where the webhook puts the request container: sidecar (the original's place) or init "
                    + "(first init container: no application container starts before its networks; default: "
                    + "${DEFAULT-VALUE}).")
    InjectionMode injection;

    @Option(
            names = "--verbose",
            description = "Also print the components' INFO logs (on stderr; read by DevkitMain, "
                    + "before the loggers start).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("kubetron-demo-");
        try {
            return new Demo(new DemoOptions(name, nodes, physnet, neutron, dir, injection), System.out).run();
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** The webhook's own reading of {@code --injection}; a wrong value is a usage error that names both modes. */
    public static final class Injection implements ITypeConverter<InjectionMode> {
        @Override
        public InjectionMode convert(String value) {
            try {
                return AdmissionSettings.INJECTION.type().parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
