package io.kubetron.lab.neutron;

import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Debian's eventlet neutron-server (Zed), started through a wrapper that makes SQLite's "database is locked" a retried
 * deadlock. It serves HTTPS itself ({@code use_ssl}) and forks an API, an RPC, an OVN maintenance and a periodic
 * worker.
 */
final class NeutronServer {
    /** api, rpc, OVN MaintenanceWorker, periodic. */
    private static final int WORKERS = 4;

    private final Lab lab;
    private final LabConfig config;
    private final NeutronPaths paths;

    NeutronServer(Lab lab, NeutronPaths paths) {
        this.lab = lab;
        this.config = lab.config();
        this.paths = paths;
    }

    URI url() {
        return URI.create("https://127.0.0.1:" + config.neutron().port());
    }

    long start(List<String> configArgs) {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                paths.etc().resolve("neutron-server-sqlite.py").toString()));
        cmd.addAll(configArgs);
        return process().start(cmd, LabProcesses.CLEAN_ENV, paths.neutronStdout(), paths.state());
    }

    OptionalLong pid() {
        return process().pid();
    }

    private OwnedProcess process() {
        return LabProcesses.neutronServer(config, paths);
    }

    /**
     * Waits until Neutron can really create ports. An HTTP 200 is not enough: the API worker serves before the parent
     * has run the OVN driver's pre-fork initialisation, which creates the NB {@code Port_Group neutron_pg_drop}; a
     * port created in that window fails with "Port group neutron_pg_drop does not exist".
     *
     * @param token a Keystone token for the API, or null in {@code noauth} mode
     */
    void awaitReady(LabHttp http, String token, Duration timeout) {
        URI networks = url().resolve("/v2.0/networks?limit=1");
        DaemonReadiness.await(
                "neutron-server answering on " + url(),
                timeout,
                () -> pid().isPresent(),
                () -> status(http, networks, token) == 200,
                paths.neutronLog());
        DaemonReadiness.await(
                "NB Port_Group neutron_pg_drop and " + WORKERS + " neutron workers",
                timeout,
                () -> pid().isPresent(),
                () -> !lab.nbctl("--bare", "--columns=name", "find", "Port_Group", "name=neutron_pg_drop")
                                .isBlank()
                        && pid().stream().anyMatch(p -> process().workers(p).size() >= WORKERS),
                paths.neutronLog());
        // the API worker's own NB connection receives the new Port_Group a moment later
        DaemonReadiness.pause(Duration.ofMillis(500));
    }

    private static int status(LabHttp http, URI uri, String token) {
        try {
            return http.send("GET", uri, token, null).status();
        } catch (IOException e) {
            return -1;
        }
    }
}
