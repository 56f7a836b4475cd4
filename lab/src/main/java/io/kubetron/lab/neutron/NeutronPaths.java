package io.kubetron.lab.neutron;

import io.kubetron.lab.LabConfig;
import java.nio.file.Path;

/**
 * Where Neutron and Keystone keep their files inside a lab's state directory. Logs go to the lab's log directory,
 * so {@code down} keeps them with the OVS/OVN logs; pidfiles go to its run directory.
 *
 * @param etc Neutron's configuration files
 * @param state Neutron's state_path (its SQLite database)
 * @param lock oslo.concurrency lock directory
 * @param keystone Keystone's configuration, database and key repositories
 * @param neutronPid pidfile of the neutron-server parent process
 * @param keystonePid pidfile of the uwsgi master serving Keystone
 * @param log the lab's log directory
 */
record NeutronPaths(Path etc, Path state, Path lock, Path keystone, Path neutronPid, Path keystonePid, Path log) {

    public static NeutronPaths of(LabConfig c) {
        Path n = c.dir().resolve("neutron");
        return new NeutronPaths(
                n.resolve("etc"),
                n.resolve("state"),
                n.resolve("lock"),
                c.dir().resolve("keystone"),
                c.runDir().resolve("neutron-server.pid"),
                c.runDir().resolve("keystone.pid"),
                c.logDir());
    }

    public Path neutronLog() {
        return log.resolve("neutron-server.log");
    }

    /** What neutron-server writes to standard output and error before its logging is set up. */
    public Path neutronStdout() {
        return log.resolve("neutron-server.stdout");
    }

    public Path keystoneLog() {
        return log.resolve("keystone.log");
    }

    public Path uwsgiLog() {
        return log.resolve("keystone-uwsgi.log");
    }

    public Path keystoneConf() {
        return keystone.resolve("keystone.conf");
    }

    public Path neutronDb() {
        return state.resolve("neutron.sqlite");
    }
}
