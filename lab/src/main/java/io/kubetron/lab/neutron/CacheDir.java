package io.kubetron.lab.neutron;

import io.kubetron.common.exec.Exec;
import java.nio.file.Path;

/**
 * Where start-up artefacts that outlive a lab are kept (Neutron's schema, a bootstrapped Keystone), keyed by the
 * Debian package version that made them. Outside every lab's state directory, so {@code down} keeps them.
 */
final class CacheDir {
    /** {@code KUBETRON_LAB_CACHE} overrides it. */
    static final Path DEFAULT = Path.of("/var/tmp/kubetron-cache");

    private CacheDir() {}

    static Path get() {
        String env = System.getenv("KUBETRON_LAB_CACHE");
        return env == null || env.isBlank() ? DEFAULT : Path.of(env);
    }

    /** The installed version of a Debian package, made safe for a file name. */
    static String packageVersion(Exec exec, String pkg) {
        return exec.check("dpkg-query", "-W", "-f=${Version}", pkg).strip().replaceAll("[^A-Za-z0-9.]", "_");
    }
}
