package io.kubetron.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where one Open vSwitch instance (a node's, or the provider switch's) keeps its sockets, database, logs and
 * configuration. Logs sit under the lab's log directory, so {@code down} keeps them all with one move.
 */
record NodeDirs(Path run, Path log, Path db, Path etc) {

    static NodeDirs of(LabConfig c, int index) {
        if (index == 0) {
            return new NodeDirs(c.runDir(), c.logDir(), c.dbDir(), c.dir().resolve("etc"));
        }
        return under(c, "node" + index);
    }

    /** The provider switch's. */
    static NodeDirs provider(LabConfig c) {
        return under(c, "provider");
    }

    private static NodeDirs under(LabConfig c, String sub) {
        Path home = c.dir().resolve(sub);
        return new NodeDirs(home.resolve("run"), c.logDir().resolve(sub), home.resolve("db"), home.resolve("etc"));
    }

    /**
     * What every OVS/OVN tool and daemon of this instance needs: {@code OVS_RUNDIR} is where vswitchd creates
     * {@code br-int.mgmt} and where ovn-controller looks for it.
     */
    Map<String, String> environment() {
        return Map.of(
                "OVS_RUNDIR",
                run.toString(),
                "OVN_RUNDIR",
                run.toString(),
                "OVS_LOGDIR",
                log.toString(),
                "OVN_LOGDIR",
                log.toString(),
                "OVS_DBDIR",
                db.toString(),
                "OVN_DBDIR",
                db.toString(),
                "OVS_SYSCONFDIR",
                etc.toString(),
                "OVN_SYSCONFDIR",
                etc.toString());
    }

    void create() {
        try {
            for (Path d : List.of(run, log, db, etc)) {
                Files.createDirectories(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
