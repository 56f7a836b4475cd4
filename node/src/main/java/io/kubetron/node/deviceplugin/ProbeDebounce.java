package io.kubetron.node.deviceplugin;

/**
 * ovn-controller's liveness from its probes: up at the first good probe, down only after several failed ones in a
 * row. One slow answer must not make every device Unhealthy: the kubelet fails any Pod it admits while no healthy
 * device is left with UnexpectedAdmissionError, a terminal phase (kubernetes/kubernetes
 * {@code pkg/kubelet/cm/devicemanager/manager.go} {@code devicesToAllocate}; {@code pkg/kubelet/lifecycle/predicate.go}
 * rejects the Pod), so a blip would fail Pods for good. Not thread-safe (the node monitor's one thread).
 */
final class ProbeDebounce {
    /** With the default 5 s probe interval: down after about 15 s without an answer. */
    static final int FAILURES_BEFORE_DOWN = 3;

    private final int failuresBeforeDown;
    private int failures;
    private boolean up;

    ProbeDebounce(int failuresBeforeDown) {
        this.failuresBeforeDown = failuresBeforeDown;
    }

    /** The state after one more probe; starts down (nothing known yet). */
    boolean next(boolean probedUp) {
        if (probedUp) {
            failures = 0;
            up = true;
        } else if (++failures >= failuresBeforeDown) {
            up = false;
        }
        return up;
    }
}
