package io.kubetron.ovsdb.testsupport;

import io.kubetron.common.exec.Exec;
import io.kubetron.lab.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real ovsdb-server in a temporary directory, listening on a unix socket, TCP on 127.0.0.1 and optionally SSL.
 * Stopped by the PID from its pidfile, after checking that the PID still belongs to a server of this directory.
 * Not thread-safe; one test class owns it.
 */
public final class OvsdbServer implements AutoCloseable {
    public static final Path NB_SCHEMA = Path.of("/usr/share/ovn/ovn-nb.ovsschema");
    public static final Path VSWITCH_SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private final Path dir;
    private final List<Path> dbs = new ArrayList<>();
    private final int tcpPort;
    private final int sslPort;
    private final Pki.Identity sslIdentity;
    private final Exec exec = Exec.plain().withTimeout(Duration.ofSeconds(30));

    private OvsdbServer(Path dir, List<Path> schemas, Pki.Identity sslIdentity) {
        this.dir = dir;
        this.sslIdentity = sslIdentity;
        this.tcpPort = freePort();
        this.sslPort = sslIdentity == null ? -1 : freePort();
        for (Path schema : schemas) {
            Path db = dir.resolve(schema.getFileName().toString().replace(".ovsschema", ".db"));
            exec.check("ovsdb-tool", "create", db.toString(), schema.toString());
            dbs.add(db);
        }
    }

    /** Starts a server for the given schemas (one database each); with {@code ssl} also pssl with that identity. */
    public static OvsdbServer start(Pki.Identity ssl, Path... schemas) {
        try {
            Path dir = Files.createTempDirectory("kt-ovsdb-");
            OvsdbServer s = new OvsdbServer(dir, List.of(schemas), ssl);
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OvsdbServer startNb() {
        return start(null, NB_SCHEMA);
    }

    /** Starts (again) on the same database files, socket and ports. */
    public void start() {
        List<String> cmd = new ArrayList<>(List.of("ovsdb-server"));
        dbs.forEach(d -> cmd.add(d.toString()));
        cmd.add("--remote=punix:" + socket());
        cmd.add("--remote=ptcp:" + tcpPort + ":127.0.0.1");
        if (sslIdentity != null) {
            cmd.add("--remote=pssl:" + sslPort + ":127.0.0.1");
            cmd.add("--private-key=" + sslIdentity.privateKey());
            cmd.add("--certificate=" + sslIdentity.certificate());
            cmd.add("--ca-cert=" + sslIdentity.caCertificate());
        }
        cmd.addAll(List.of(
                "--pidfile=" + pidfile(),
                "--log-file=" + dir.resolve("ovsdb-server.log"),
                "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
                "--detach",
                "--no-chdir",
                "-vconsole:off"));
        exec.check(cmd);
    }

    public Path dir() {
        return dir;
    }

    public Path socket() {
        return dir.resolve("db.sock");
    }

    public Path db(int index) {
        return dbs.get(index);
    }

    public String unix() {
        return "unix:" + socket();
    }

    public String tcp() {
        return "tcp:127.0.0.1:" + tcpPort;
    }

    public String ssl() {
        return "ssl:127.0.0.1:" + sslPort;
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("ovsdb-server.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs {@code ovn-nbctl} against this server's unix socket. */
    public String nbctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovn-nbctl", "--db=" + unix(), "--timeout=10"));
        cmd.addAll(List.of(args));
        return exec.check(cmd).strip();
    }

    /** Runs {@code ovs-vsctl --no-wait} (no ovs-vswitchd here to wait for) against this server. */
    public String vsctl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--db=" + unix(), "--no-wait", "--timeout=10"));
        cmd.addAll(List.of(args));
        return exec.check(cmd).strip();
    }

    /** Any command, checked. */
    public String run(String... cmd) {
        return exec.check(cmd).strip();
    }

    /** SIGKILL, like a crash; the pidfile and socket file stay behind. */
    public void kill() {
        stop(true);
    }

    /** Stops the server (SIGTERM) if it runs. */
    public void stop() {
        stop(false);
    }

    private void stop(boolean hard) {
        Path pidfile = pidfile();
        if (!Files.exists(pidfile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidfile).strip());
        } catch (IOException | NumberFormatException e) {
            return;
        }
        if (!isOurs(pid)) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            if (hard) {
                p.destroyForcibly();
            } else {
                p.destroy();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (p.isAlive() && System.nanoTime() < deadline) {
                sleep(20);
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        });
    }

    /** Guards against a recycled PID: the process must be an ovsdb-server started for this directory. */
    private boolean isOurs(long pid) {
        try {
            String cmdline =
                    new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            return cmdline.contains("ovsdb-server") && cmdline.contains(dir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private Path pidfile() {
        return dir.resolve("ovsdb-server.pid");
    }

    @Override
    public void close() {
        stop(false);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
