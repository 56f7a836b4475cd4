package io.kubetron.lab;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where a lab lives and how it is reached. Everything is private to the lab: its state directory, its loopback
 * ports, its namespaces (all named {@code <name>-...}); system defaults (/var/run/openvswitch, ports 6640-6642) are
 * never used, so two labs with different names, directories and ports run side by side.
 *
 * @param name short lab name, the prefix of its namespaces and the chassis name
 * @param dir state directory (sockets, databases, logs, certificates)
 * @param nbPort OVN Northbound TCP port on 127.0.0.1
 * @param sbPort OVN Southbound TCP port on 127.0.0.1
 * @param nbSslPort OVN Northbound mutual-TLS port on 127.0.0.1, used when {@code ssl}
 * @param ssl whether to generate a PKI and open the TLS listener
 * @param neutron whether (and where) a real Neutron, and maybe Keystone, run too
 * @param nodes how many emulated nodes run, and whether they share a provider network
 */
public record LabConfig(
        String name,
        Path dir,
        int nbPort,
        int sbPort,
        int nbSslPort,
        boolean ssl,
        NeutronOptions neutron,
        NodeOptions nodes) {

    public static final String DEFAULT_NAME = "ktlab";
    public static final int DEFAULT_NB_PORT = 46641;
    public static final int DEFAULT_SB_PORT = 46642;
    public static final int DEFAULT_NB_SSL_PORT = 46643;
    /** Letters and digits only: a dash would let one lab's prefix match another lab's namespaces. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,7}");

    private static final String FILE = "lab.properties";

    public LabConfig {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "lab name '" + name + "' must be 1-8 lower-case letters or digits, " + "starting with a letter");
        }
        dir = dir.toAbsolutePath().normalize();
        neutron = neutron == null ? NeutronOptions.OFF : neutron;
        nodes = nodes == null ? NodeOptions.SINGLE : nodes;
        for (int port : new int[] {nbPort, sbPort, nbSslPort}) {
            if (port < 1024 || port > 65535 || (port >= 6640 && port <= 6642)) {
                throw new IllegalArgumentException("port " + port + " is not allowed (1024-65535, not 6640-6642)");
            }
        }
    }

    /** A single-node lab. */
    public LabConfig(
            String name, Path dir, int nbPort, int sbPort, int nbSslPort, boolean ssl, NeutronOptions neutron) {
        this(name, dir, nbPort, sbPort, nbSslPort, ssl, neutron, NodeOptions.SINGLE);
    }

    /** A single-node lab without Neutron. */
    public LabConfig(String name, Path dir, int nbPort, int sbPort, int nbSslPort, boolean ssl) {
        this(name, dir, nbPort, sbPort, nbSslPort, ssl, NeutronOptions.OFF);
    }

    public static LabConfig defaults() {
        return named(DEFAULT_NAME);
    }

    public static LabConfig named(String name) {
        return new LabConfig(
                name, Path.of("/tmp", "kubetron-" + name), DEFAULT_NB_PORT, DEFAULT_SB_PORT, DEFAULT_NB_SSL_PORT, true);
    }

    public LabConfig withPorts(int nb, int sb, int nbSsl) {
        return new LabConfig(name, dir, nb, sb, nbSsl, ssl, neutron, nodes);
    }

    public LabConfig withDir(Path newDir) {
        return new LabConfig(name, newDir, nbPort, sbPort, nbSslPort, ssl, neutron, nodes);
    }

    public LabConfig withSsl(boolean on) {
        return new LabConfig(name, dir, nbPort, sbPort, nbSslPort, on, neutron, nodes);
    }

    public LabConfig withNeutron(NeutronOptions options) {
        return new LabConfig(name, dir, nbPort, sbPort, nbSslPort, ssl, options, nodes);
    }

    public LabConfig withNodes(NodeOptions options) {
        return new LabConfig(name, dir, nbPort, sbPort, nbSslPort, ssl, neutron, options);
    }

    /** Every TCP port this lab listens on, for the "is it free" check and the tests' "nothing left" check. */
    public java.util.List<Integer> tcpPorts() {
        java.util.List<Integer> ports = new java.util.ArrayList<>(java.util.List.of(nbPort, sbPort));
        if (ssl) {
            ports.add(nbSslPort);
        }
        if (neutron.enabled()) {
            ports.add(neutron.port());
        }
        if (neutron.keystone()) {
            ports.add(neutron.keystonePort());
        }
        return java.util.List.copyOf(ports);
    }

    /** The namespace that holds node 0's ovs-vswitchd, its datapath taps and the host ends of its pods' veths. */
    public String hostNamespace() {
        return name + "-host";
    }

    /** Prefix of every namespace this lab owns; {@code down} deletes them all. */
    public String namespacePrefix() {
        return name + "-";
    }

    public String chassis() {
        return name + "-chassis";
    }

    public Path runDir() {
        return dir.resolve("run");
    }

    public Path logDir() {
        return dir.resolve("log");
    }

    public Path dbDir() {
        return dir.resolve("db");
    }

    public Path pkiDir() {
        return dir.resolve("pki");
    }

    /** Where {@code down} keeps the logs of the last run. */
    public Path lastLogsDir() {
        return dir.resolveSibling(dir.getFileName() + ".lastlogs");
    }

    void save() {
        Properties p = new Properties();
        p.setProperty("name", name);
        p.setProperty("nbPort", Integer.toString(nbPort));
        p.setProperty("sbPort", Integer.toString(sbPort));
        p.setProperty("nbSslPort", Integer.toString(nbSslPort));
        p.setProperty("ssl", Boolean.toString(ssl));
        p.setProperty("neutron", Boolean.toString(neutron.enabled()));
        p.setProperty("keystone", Boolean.toString(neutron.keystone()));
        p.setProperty("neutronPort", Integer.toString(neutron.port()));
        p.setProperty("keystonePort", Integer.toString(neutron.keystonePort()));
        p.setProperty("nodes", Integer.toString(nodes.count()));
        p.setProperty("physnet", Boolean.toString(nodes.physnet()));
        try (Writer w = Files.newBufferedWriter(dir.resolve(FILE))) {
            p.store(w, "kubetron lab");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configuration a running (or half-stopped) lab was started with, if its directory holds one. */
    public static java.util.Optional<LabConfig> load(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return java.util.Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Optional.of(new LabConfig(
                p.getProperty("name"),
                dir,
                Integer.parseInt(p.getProperty("nbPort")),
                Integer.parseInt(p.getProperty("sbPort")),
                Integer.parseInt(p.getProperty("nbSslPort")),
                Boolean.parseBoolean(p.getProperty("ssl")),
                // labs saved before Neutron existed have none of these keys
                new NeutronOptions(
                        Boolean.parseBoolean(p.getProperty("neutron", "false")),
                        Boolean.parseBoolean(p.getProperty("keystone", "false")),
                        Integer.parseInt(p.getProperty("neutronPort", "" + NeutronOptions.DEFAULT_PORT)),
                        Integer.parseInt(p.getProperty("keystonePort", "" + NeutronOptions.DEFAULT_KEYSTONE_PORT))),
                // and labs saved before multi-node labs had one node
                new NodeOptions(
                        Integer.parseInt(p.getProperty("nodes", "1")),
                        Boolean.parseBoolean(p.getProperty("physnet", "false")))));
    }
}
