package io.kubetron.lab.neutron;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.LabDaemon;
import io.kubetron.lab.LabNode;
import io.kubetron.lab.LabStatus;
import io.kubetron.lab.Physnet;
import io.kubetron.lab.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The Neutron part of a lab: a real neutron-server (ML2/OVN on the lab's own NB/SB, SQLite, HTTPS on 127.0.0.1) and,
 * when configured, a real Keystone it authenticates tokens with. {@link Lab} starts it after OVN and stops it first.
 *
 * <p>Not thread-safe, like {@link Lab}.
 */
public final class NeutronServices {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private final Lab lab;
    private final LabConfig config;
    private final NeutronPaths paths;
    private final Exec exec;
    private final Consumer<String> progress;

    public NeutronServices(Lab lab, Consumer<String> progress) {
        this.lab = lab;
        this.config = lab.config();
        this.paths = NeutronPaths.of(config);
        this.exec = new Exec(LabProcesses.CLEAN_ENV, Duration.ofSeconds(180));
        this.progress = progress;
    }

    /**
     * How long the start took.
     *
     * @param neutron from start to "ready" (API answers, NB port group made, workers forked)
     * @param schemaCached whether Neutron's schema came from the cache
     * @param keystone from start to provisioned and answering, or zero without Keystone
     * @param keystoneCached whether Keystone came from the cache
     */
    public record StartTimes(Duration neutron, boolean schemaCached, Duration keystone, boolean keystoneCached) {}

    /**
     * Starts Neutron (and Keystone) and returns once Neutron can create and bind ports. OVN must be up; {@code pki}
     * is the lab's CA, which issues the servers' certificates.
     */
    public StartTimes start(Pki pki) {
        long t0 = System.nanoTime();
        try {
            for (Path d : List.of(paths.etc(), paths.state(), paths.lock())) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        mapPhysicalNetwork();
        ConfigWriter writer = new ConfigWriter(config, paths);
        writer.writeNeutron(pki.issue("neutron"));
        LabHttp http = new LabHttp(pki.caCertFile());

        // Keystone and Neutron start side by side: Neutron asks Keystone only when the first request comes
        KeystoneServer keystone = null;
        boolean keystoneCached = false;
        if (config.neutron().keystone()) {
            keystone = new KeystoneServer(config, paths, exec);
            keystoneCached = keystone.prepare(writer);
            keystone.start(pki.issue("keystone"));
        }
        boolean schemaCached = new SchemaCache(CacheDir.get(), exec)
                .copyTo(paths.neutronDb(), paths.etc(), writer.neutronConfigArgs());
        NeutronServer neutron = new NeutronServer(lab, paths);
        long neutronStart = System.nanoTime();
        neutron.start(writer.neutronConfigArgs());

        String token = null;
        Duration keystoneTook = Duration.ZERO;
        if (keystone != null) {
            keystone.awaitUp(http, START_TIMEOUT);
            KeystoneProvisioning rest = new KeystoneProvisioning(http, keystone.authUrl());
            if (!keystoneCached) {
                rest.provision();
            }
            rest.syncCatalog(keystone.authUrl(), neutron.url().toString());
            if (!keystoneCached) {
                keystone.saveToCache();
            }
            token = rest.token(
                    KeystoneProvisioning.KUBETRON_USER,
                    KeystoneProvisioning.KUBETRON_PASSWORD,
                    KeystoneProvisioning.KUBETRON_PROJECT);
            keystoneTook = Duration.ofNanos(System.nanoTime() - t0);
            progress.accept("keystone ready at " + keystone.authUrl() + " in " + keystoneTook.toMillis() + " ms"
                    + (keystoneCached ? " (from the cache)" : " (bootstrapped, now cached in " + CacheDir.get() + ")"));
        }
        neutron.awaitReady(http, token, START_TIMEOUT);
        Duration neutronTook = Duration.ofNanos(System.nanoTime() - neutronStart);
        progress.accept("neutron-server ready at " + neutron.url() + " (auth "
                + config.neutron().auth() + ") in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms, " + neutronTook.toMillis()
                + " ms of it after its start; schema " + (schemaCached ? "from the cache" : "built and cached"));
        return new StartTimes(Duration.ofNanos(System.nanoTime() - t0), schemaCached, keystoneTook, keystoneCached);
    }

    /**
     * Every chassis gets a bridge for the physical network, so that ports of flat and VLAN networks on
     * {@value ConfigWriter#PHYSNET} bind to it too (ML2/OVN binds only to chassis that map the segment's physnet).
     * With a provider network the nodes already map it to their {@code br-prov}, which is wired to the provider switch.
     */
    private void mapPhysicalNetwork() {
        String bridge = lab.physnet().map(Physnet::bridge).orElse(ConfigWriter.PHYSNET_BRIDGE);
        String mapping = "ovn-bridge-mappings=" + ConfigWriter.PHYSNET + ":" + bridge;
        for (LabNode node : lab.nodes()) {
            if (lab.physnet().isEmpty()) {
                lab.vsctl(
                        node,
                        "--may-exist",
                        "add-br",
                        bridge,
                        "--",
                        "set",
                        "Bridge",
                        bridge,
                        "datapath_type=" + node.datapathType(),
                        "--",
                        "set",
                        "Open_vSwitch",
                        ".",
                        "external_ids:" + mapping);
            }
            // ovn-controller 23.03 publishes the mapping in Chassis other_config only, but Zed's ML2/OVN reads it from
            // external_ids ("Refusing to bind port ... bridge mapping physical networks [] not supporting phys-net10")
            lab.exec()
                    .check(
                            "ovn-sbctl",
                            "--db=unix:" + config.runDir().resolve("ovnsb_db.sock"),
                            "--timeout=10",
                            "set",
                            "Chassis",
                            node.chassis(),
                            "external_ids:" + mapping);
        }
    }

    /** Neutron (and Keystone, when configured) are running. */
    public boolean isUp() {
        return neutronPid().isPresent()
                && (!config.neutron().keystone() || keystonePid().isPresent());
    }

    /**
     * Stops neutron-server with its workers and Keystone's uwsgi with its worker, by PID: SIGTERM to both at once,
     * SIGKILL after 15 s. Idempotent; does nothing when nothing runs.
     */
    public void stop() {
        OwnedProcess.stopAll(
                List.of(LabProcesses.neutronServer(config, paths), LabProcesses.keystone(config, paths)),
                STOP_TIMEOUT,
                progress);
    }

    /** Status rows: each server and each of its workers, or a "not running" row for a configured server. */
    public List<LabStatus.Daemon> daemons() {
        List<LabStatus.Daemon> rows = new ArrayList<>();
        if (config.neutron().enabled()) {
            add(rows, LabProcesses.neutronServer(config, paths), "neutron-worker", paths.neutronLog());
        }
        if (config.neutron().keystone()) {
            add(rows, LabProcesses.keystone(config, paths), "keystone-worker", paths.uwsgiLog());
        }
        return rows;
    }

    private void add(List<LabStatus.Daemon> rows, OwnedProcess process, String workerName, Path log) {
        OptionalLong pid = process.pid();
        String name = process.name();
        rows.add(new LabStatus.Daemon(
                name, pid, pid.isPresent() ? LabDaemon.rssKb(pid.getAsLong()) : OptionalLong.empty(), log));
        if (pid.isPresent()) {
            for (long w : process.workers(pid.getAsLong())) {
                rows.add(new LabStatus.Daemon(workerName, OptionalLong.of(w), LabDaemon.rssKb(w), log));
            }
        }
    }

    private OptionalLong neutronPid() {
        return LabProcesses.neutronServer(config, paths).pid();
    }

    private OptionalLong keystonePid() {
        return LabProcesses.keystone(config, paths).pid();
    }
}
