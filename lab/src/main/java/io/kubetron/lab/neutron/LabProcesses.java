package io.kubetron.lab.neutron;

import io.kubetron.common.exec.OwnedProcess;
import io.kubetron.lab.LabConfig;
import java.util.Map;

/**
 * The lab's Neutron and Keystone servers as {@link OwnedProcess}es: recognised by the lab's directory on their command
 * line (neutron's workers carry it in their process title), started with a clean environment. Stateless.
 */
final class LabProcesses {
    /** Python tools must not see a developer's pyenv or virtualenv. */
    static final Map<String, String> CLEAN_ENV = Map.of(
            "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG", "C.UTF-8", "HOME", "/root");

    private LabProcesses() {}

    static OwnedProcess neutronServer(LabConfig config, NeutronPaths paths) {
        return new OwnedProcess("neutron-server", paths.neutronPid(), config.dir() + "/");
    }

    static OwnedProcess keystone(LabConfig config, NeutronPaths paths) {
        return new OwnedProcess("keystone", paths.keystonePid(), config.dir() + "/");
    }
}
