package io.kubetron.emulation.cri;

import io.kubetron.kubelet.cri.v1.PodSandboxState;
import io.kubetron.kubelet.cri.v1.PodSandboxStatusResponse;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A sandbox as the runtime reports it.
 *
 * @param id the sandbox id
 * @param ready whether it is {@code SANDBOX_READY}
 * @param ip the primary network's address CNI gave it, empty if none (host network)
 * @param pid the sandbox (pause) process, 0 if the runtime did not say
 * @param netns the network namespace's path, empty for a host-network sandbox
 */
public record SandboxStatus(String id, boolean ready, String ip, long pid, Optional<String> netns) {
    /**
     * Reads the verbose info as containerd's CRI writes it ({@code pkg/cri/server/sandbox_status.go} in 1.6 and 1.7
     * {@code toCRISandboxInfo}: {@code pid}, and the OCI spec under {@code runtimeSpec} whose network namespace has the
     * path).
     */
    static SandboxStatus of(PodSandboxStatusResponse r, JsonNode info) {
        var s = r.getStatus();
        Optional<String> netns = Optional.empty();
        for (JsonNode ns : info.path("runtimeSpec").path("linux").path("namespaces")) {
            if (ns.path("type").asString("").equals("network") && ns.has("path")) {
                netns = Optional.of(ns.get("path").asString());
            }
        }
        return new SandboxStatus(
                s.getId(),
                s.getState() == PodSandboxState.SANDBOX_READY,
                s.getNetwork().getIp(),
                info.path("pid").asLong(0),
                netns);
    }
}
