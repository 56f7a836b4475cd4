package io.kubetron.webhook;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * The CPU and memory of the injected container, each both its request and its limit. Request = limit is what passes
 * every ordinary namespace policy: a ResourceQuota on {@code limits.cpu} or {@code limits.memory} refuses a container
 * without limits ("must specify limits.cpu for: ..."), a LimitRange's {@code maxLimitRequestRatio} refuses a ratio
 * over its bound, and both are enforced after the mutating webhooks (kubernetes/kubernetes
 * {@code pkg/kubeapiserver/options/plugins.go}: {@code LimitRanger} defaults before, validates after;
 * {@code ResourceQuota} is the last plugin), so a refusal would come after the ports exist. A LimitRange
 * {@code min} above these, or a {@code max} below them, still refuses: raise them with {@code --sidecar-cpu} and
 * {@code --sidecar-memory}.
 *
 * @param cpu a Kubernetes quantity, such as {@code 10m}
 * @param memory a Kubernetes quantity, such as {@code 32Mi}
 */
public record SidecarResources(String cpu, String memory) {
    public SidecarResources {
        cpu = check("CPU", cpu);
        memory = check("memory", memory);
    }

    /**
     * {@code q} stripped, when it is a positive Kubernetes quantity.
     *
     * @param what {@code CPU} or {@code memory}, for the message
     * @throws IllegalArgumentException saying what is wrong
     */
    public static String check(String what, String q) {
        if (q == null || !q.strip().matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|Ki|Mi|Gi)?")) {
            throw new IllegalArgumentException("the sidecar's " + what + " '" + q
                    + "' is not a Kubernetes quantity (such as 10m, 0.1, 32Mi, 64M)");
        }
        if (Quantity.getAmountInBytes(new Quantity(q.strip())).signum() <= 0) {
            throw new IllegalArgumentException("the sidecar's " + what + " must be more than 0, not " + q);
        }
        return q.strip();
    }
}
