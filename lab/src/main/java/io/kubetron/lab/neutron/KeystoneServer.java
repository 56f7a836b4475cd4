package io.kubetron.lab.neutron;

import io.kubetron.common.exec.Exec;
import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.lab.FileTrees;
import io.kubetron.lab.LabConfig;
import io.kubetron.lab.Pki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A real Keystone (Debian's keystone-wsgi-public) on SQLite under uwsgi, serving HTTPS with the lab CA's certificate.
 * The first start bootstraps it with keystone-manage and provisions it over REST, then keeps a copy (database and key
 * repositories) in the {@link CacheDir}; later starts copy that and only re-point the catalog at the lab's ports.
 */
final class KeystoneServer {
    private static final List<String> KEPT = List.of("keystone.sqlite", "fernet-keys", "credential-keys");
    private final LabConfig config;
    private final NeutronPaths paths;
    private final Exec exec;

    KeystoneServer(LabConfig config, NeutronPaths paths, Exec exec) {
        this.config = config;
        this.paths = paths;
        this.exec = exec;
    }

    String authUrl() {
        return KeystoneCredentials.authUrl(config.neutron().keystonePort());
    }

    private Path cached() {
        return CacheDir.get().resolve("keystone-" + CacheDir.packageVersion(exec, "keystone"));
    }

    /**
     * Writes the configuration and fills the database: from the cache, or with keystone-manage.
     *
     * @return whether the cache was used
     */
    boolean prepare(ConfigWriter writer) {
        writer.writeKeystone();
        Path cache = cached();
        boolean hit = Files.isDirectory(cache);
        try {
            if (hit) {
                for (String f : KEPT) {
                    copyTree(cache.resolve(f), paths.keystone().resolve(f));
                }
            } else {
                String conf = paths.keystoneConf().toString();
                exec.check("keystone-manage", "--config-file", conf, "db_sync");
                exec.check(
                        "keystone-manage",
                        "--config-file",
                        conf,
                        "fernet_setup",
                        "--keystone-user",
                        "root",
                        "--keystone-group",
                        "root");
                exec.check(
                        "keystone-manage",
                        "--config-file",
                        conf,
                        "credential_setup",
                        "--keystone-user",
                        "root",
                        "--keystone-group",
                        "root");
                exec.check(
                        "keystone-manage",
                        "--config-file",
                        conf,
                        "bootstrap",
                        "--bootstrap-password",
                        KeystoneProvisioning.ADMIN_PASSWORD,
                        "--bootstrap-region-id",
                        KeystoneCredentials.REGION,
                        "--bootstrap-admin-url",
                        authUrl(),
                        "--bootstrap-public-url",
                        authUrl(),
                        "--bootstrap-internal-url",
                        authUrl());
            }
            // WAL: otherwise writes fail with "database is locked" (HTTP 500)
            exec.check("sqlite3", paths.keystone().resolve("keystone.sqlite").toString(), "PRAGMA journal_mode=WAL;");
            return hit;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Keystone in " + paths.keystone(), e);
        }
    }

    /** Starts uwsgi (one process, one thread: SQLite objects must stay in the thread that made them). */
    long start(Pki.Identity cert) {
        return process()
                .start(
                        List.of(
                                "uwsgi",
                                "--plugins",
                                "python3",
                                "--https-socket",
                                "127.0.0.1:" + config.neutron().keystonePort() + "," + cert.certificate() + ","
                                        + cert.privateKey(),
                                "--wsgi-file",
                                "/usr/bin/keystone-wsgi-public",
                                "--master",
                                "--processes",
                                "1",
                                "--threads",
                                "1",
                                "--lazy-apps",
                                "--die-on-term",
                                // keep-alive reuse by python-requests otherwise meets connection resets
                                "--add-header",
                                "Connection: close",
                                "--logto",
                                paths.uwsgiLog().toString(),
                                "--env",
                                "OS_KEYSTONE_CONFIG_FILES=" + paths.keystoneConf()),
                        LabProcesses.CLEAN_ENV,
                        paths.uwsgiLog(),
                        paths.keystone());
    }

    OptionalLong pid() {
        return process().pid();
    }

    private OwnedProcess process() {
        return LabProcesses.keystone(config, paths);
    }

    /** Waits for {@code GET /v3} to answer 200 over HTTPS. */
    void awaitUp(LabHttp http, Duration timeout) {
        DaemonReadiness.await(
                "Keystone answering on " + authUrl(),
                timeout,
                () -> pid().isPresent(),
                () -> {
                    try {
                        return http.send("GET", URI.create(authUrl()), null, null)
                                        .status()
                                == 200;
                    } catch (IOException e) {
                        return false;
                    }
                },
                paths.uwsgiLog());
    }

    /** After a fresh bootstrap and provisioning: keeps a copy of the result for later labs. */
    void saveToCache() {
        Path cache = cached();
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = Files.createTempDirectory(cache.getParent(), "keystone.tmp");
            // an online backup: a consistent copy while Keystone runs with the database in WAL mode
            exec.check(
                    "sqlite3",
                    paths.keystone().resolve("keystone.sqlite").toString(),
                    ".backup '" + tmp.resolve("keystone.sqlite") + "'");
            copyTree(paths.keystone().resolve("fernet-keys"), tmp.resolve("fernet-keys"));
            copyTree(paths.keystone().resolve("credential-keys"), tmp.resolve("credential-keys"));
            try {
                Files.move(tmp, cache);
            } catch (FileAlreadyExistsException e) {
                FileTrees.delete(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache Keystone in " + cache, e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
