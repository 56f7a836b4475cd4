package io.kubetron.lab.neutron;

import io.kubetron.common.exec.Exec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A pristine Neutron SQLite database per python3-neutron version, built once (create_all from the models, then
 * {@code neutron-db-manage stamp heads}, then WAL) and kept outside every lab, so that later labs just copy it.
 */
final class SchemaCache {
    private final Path cacheDir;
    private final Exec exec;

    SchemaCache(Path cacheDir, Exec exec) {
        this.cacheDir = cacheDir;
        this.exec = exec;
    }

    /**
     * Copies the cached schema to {@code target}, building it first if missing.
     *
     * @return whether the cache was used (false: it was built now)
     */
    boolean copyTo(Path target, Path etc, List<String> configArgs) {
        Path cached =
                cacheDir.resolve("neutron-schema-" + CacheDir.packageVersion(exec, "python3-neutron") + ".sqlite");
        boolean hit = Files.isRegularFile(cached);
        if (!hit) {
            build(cached, etc, configArgs);
        }
        try {
            Files.copy(cached, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hit;
    }

    private void build(Path cached, Path etc, List<String> configArgs) {
        try {
            Files.createDirectories(cacheDir);
            // a private temporary name: two labs may build at once; the first rename wins
            Path tmp = Files.createTempFile(cacheDir, "neutron-schema", ".tmp");
            Files.delete(tmp);
            String url = "sqlite:///" + tmp;
            exec.check("/usr/bin/python3", etc.resolve("create_schema.py").toString(), url);
            List<String> stamp = new ArrayList<>(List.of("neutron-db-manage"));
            stamp.addAll(configArgs);
            stamp.addAll(List.of("--database-connection", url, "stamp", "heads"));
            exec.check(stamp);
            // WAL: readers never block the writer (four neutron processes share the file)
            exec.check("sqlite3", tmp.toString(), "PRAGMA journal_mode=WAL;");
            try {
                Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build Neutron's schema in " + cacheDir, e);
        }
    }
}
