package io.kubetron.emulation.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;

/**
 * The Pod phase the kubelet reports once its init containers have run, from its regular containers only, as
 * kubernetes/kubernetes {@code pkg/kubelet/kubelet_pods.go} {@code getPhase} computes it: native sidecars (init
 * containers with {@code restartPolicy: Always}) never count, and the kubelet stops them once every regular container
 * has exited ({@code pkg/kubelet/kuberuntime/kuberuntime_manager.go} {@code computePodActions}). So a Pod whose
 * regular containers all exited with 0 under {@code restartPolicy: Never} or {@code OnFailure} is Succeeded; one that
 * never exits (a regular sidecar container) keeps the Pod Running. Pure.
 */
final class PodPhases {
    private PodPhases() {}

    /**
     * @param exitCodes exit code per regular container that has terminated; a container missing from it still runs
     */
    public static String of(PodSpec spec, Map<String, Integer> exitCodes) {
        String restart = spec.getRestartPolicy() == null ? "Always" : spec.getRestartPolicy();
        int running = 0;
        int failed = 0;
        for (Container c : spec.getContainers()) {
            Integer code = exitCodes.get(c.getName());
            if (code == null) {
                running++;
            } else if (code != 0) {
                failed++;
            }
        }
        if (running > 0 || "Always".equals(restart)) {
            return "Running"; // restartPolicy Always restarts exited containers: never terminal
        }
        if (failed > 0 && "OnFailure".equals(restart)) {
            return "Running"; // restarted
        }
        return failed > 0 ? "Failed" : "Succeeded";
    }

    /** Whether {@code c} is a native sidecar (an init container that runs for the Pod's life). */
    public static boolean nativeSidecar(Container c) {
        return "Always".equals(c.getRestartPolicy());
    }
}
