package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The validating admission plugins that run after the mutating webhooks and refuse Pods for their resources, as
 * kube-apiserver orders them (kubernetes/kubernetes {@code pkg/kubeapiserver/options/plugins.go}
 * {@code AllOrderedPlugins}: {@code LimitRanger} mutates before the webhooks and validates after them,
 * {@code ResourceQuota} is the last plugin). Emulated from:
 *
 * <ul>
 *   <li>LimitRanger ({@code plugin/pkg/admission/limitranger/admission.go} {@code PodValidateLimitFunc}): per
 *       container of type {@code Container} items, {@code min} and {@code max} on requests and limits, and
 *       {@code maxLimitRequestRatio} (limit / request, so a container with a request and no limit has an unbounded
 *       ratio and is refused);
 *   <li>ResourceQuota ({@code pkg/quota/v1/evaluator/core/pods.go} {@code Constraints} and {@code Usage};
 *       {@code staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go}): a quota on
 *       {@code requests.cpu}/{@code cpu}, {@code requests.memory}/{@code memory}, {@code limits.cpu} or
 *       {@code limits.memory} requires every container and init container to state that resource ("must specify
 *       ..."), and the Pod's usage (containers plus native sidecars, or the largest init container if more;
 *       {@code pkg/api/v1/resource/helpers.go} {@code PodRequests}) added to what the namespace's other Pods use must
 *       stay within {@code hard} ("exceeded quota: ...").
 * </ul>
 *
 * Pure: the caller passes the namespace's LimitRanges, ResourceQuotas and the Pods already stored.
 */
public final class QuotaAdmission {
    private QuotaAdmission() {}

    /** Refused by a validating admission plugin after the mutating webhooks; the API server answers 403. */
    public static final class ForbiddenException extends RuntimeException {
        public ForbiddenException(String message) {
            super(message);
        }
    }

    /**
     * @throws ForbiddenException with the API server's message when a plugin refuses the Pod
     */
    public static void validate(Pod pod, List<LimitRange> limitRanges, List<ResourceQuota> quotas, List<Pod> stored) {
        for (LimitRange lr : limitRanges) {
            limitRange(pod, lr);
        }
        for (ResourceQuota q : quotas) {
            quota(pod, q, stored);
        }
    }

    private static List<Container> all(Pod pod) {
        List<Container> out = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            out.addAll(pod.getSpec().getInitContainers());
        }
        out.addAll(pod.getSpec().getContainers());
        return out;
    }

    private static void limitRange(Pod pod, LimitRange lr) {
        List<String> problems = new ArrayList<>();
        for (LimitRangeItem item : lr.getSpec().getLimits()) {
            if (!"Container".equals(item.getType())) {
                continue;
            }
            for (Container c : all(pod)) {
                for (String r : List.of("cpu", "memory")) {
                    BigDecimal req = amount(c, false, r);
                    BigDecimal lim = amount(c, true, r);
                    BigDecimal min = bound(item.getMin(), r);
                    BigDecimal max = bound(item.getMax(), r);
                    BigDecimal ratio = bound(item.getMaxLimitRequestRatio(), r);
                    if (min != null && (req == null || req.compareTo(min) < 0)) {
                        problems.add("minimum " + r + " usage per Container is "
                                + item.getMin().get(r) + ", but "
                                + (req == null
                                        ? "no request"
                                        : "request is "
                                                + req.stripTrailingZeros().toPlainString())
                                + " for container " + c.getName());
                    }
                    if (max != null && (lim == null || lim.compareTo(max) > 0)) {
                        problems.add("maximum " + r + " usage per Container is "
                                + item.getMax().get(r) + ", but "
                                + (lim == null
                                        ? "no limit is specified"
                                        : "limit is " + lim.stripTrailingZeros().toPlainString())
                                + " for container " + c.getName());
                    }
                    if (ratio != null && req != null && req.signum() > 0) {
                        if (lim == null
                                || lim.divide(req, 6, java.math.RoundingMode.HALF_UP)
                                                .compareTo(ratio)
                                        > 0) {
                            problems.add(r + " max limit to request ratio per Container is "
                                    + item.getMaxLimitRequestRatio().get(r) + ", but provided ratio is "
                                    + (lim == null
                                            ? "unbounded"
                                            : lim.divide(req, 6, java.math.RoundingMode.HALF_UP)
                                                    .stripTrailingZeros()
                                                    .toPlainString())
                                    + " for container " + c.getName());
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ForbiddenException(
                    "pods \"" + pod.getMetadata().getName() + "\" is forbidden: " + String.join(", ", problems));
        }
    }

    private static void quota(Pod pod, ResourceQuota q, List<Pod> stored) {
        Map<String, Quantity> hard = q.getSpec().getHard();
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> containers = new TreeSet<>();
        for (String key : hard.keySet()) {
            Compute k = Compute.of(key);
            if (k == null) {
                continue;
            }
            for (Container c : all(pod)) {
                if (amount(c, k.limit, k.resource) == null) {
                    missing.add(key);
                    containers.add(c.getName());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ForbiddenException("pods \"" + pod.getMetadata().getName() + "\" is forbidden: failed quota: "
                    + q.getMetadata().getName() + ": must specify " + String.join(",", missing) + " for: "
                    + String.join(",", containers));
        }
        List<String> exceeded = new ArrayList<>();
        for (Map.Entry<String, Quantity> e : hard.entrySet()) {
            Compute k = Compute.of(e.getKey());
            if (k == null) {
                continue;
            }
            BigDecimal used = BigDecimal.ZERO;
            for (Pod other : stored) {
                String phase =
                        other.getStatus() == null ? null : other.getStatus().getPhase();
                if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) { // terminal Pods use no quota
                    used = used.add(usage(other, k));
                }
            }
            BigDecimal requested = usage(pod, k);
            BigDecimal limit = Quantity.getAmountInBytes(e.getValue());
            if (used.add(requested).compareTo(limit) > 0) {
                exceeded.add(e.getKey() + "=" + plain(requested) + ", used: " + e.getKey() + "=" + plain(used)
                        + ", limited: " + e.getKey() + "=" + e.getValue());
            }
        }
        if (!exceeded.isEmpty()) {
            throw new ForbiddenException("pods \"" + pod.getMetadata().getName() + "\" is forbidden: exceeded quota: "
                    + q.getMetadata().getName() + ", requested: " + String.join("; ", exceeded));
        }
    }

    /** What a Pod counts against a quota key: containers plus native sidecars, or the largest init container. */
    private static BigDecimal usage(Pod pod, Compute k) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Container c : pod.getSpec().getContainers()) {
            sum = sum.add(orZero(amount(c, k.limit, k.resource)));
        }
        BigDecimal sidecars = BigDecimal.ZERO;
        BigDecimal initMax = BigDecimal.ZERO;
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                BigDecimal a = orZero(amount(c, k.limit, k.resource));
                if ("Always".equals(c.getRestartPolicy())) {
                    sidecars = sidecars.add(a);
                } else {
                    initMax = initMax.max(sidecars.add(a));
                }
            }
        }
        return sum.add(sidecars).max(initMax);
    }

    private record Compute(String resource, boolean limit) {
        static Compute of(String key) {
            return switch (key) {
                case "cpu", "requests.cpu" -> new Compute("cpu", false);
                case "memory", "requests.memory" -> new Compute("memory", false);
                case "limits.cpu" -> new Compute("cpu", true);
                case "limits.memory" -> new Compute("memory", true);
                default -> null;
            };
        }
    }

    /** The container's request (or limit), null when it states none; a limit alone defaults the request to it. */
    private static BigDecimal amount(Container c, boolean limit, String resource) {
        if (c.getResources() == null) {
            return null;
        }
        Map<String, Quantity> limits = c.getResources().getLimits();
        Map<String, Quantity> requests = c.getResources().getRequests();
        Quantity q = limit
                ? (limits == null ? null : limits.get(resource))
                : (requests != null && requests.containsKey(resource)
                        ? requests.get(resource)
                        // pkg/apis/core/v1/defaults.go SetDefaults_Pod: requests default to limits
                        : limits == null ? null : limits.get(resource));
        return q == null ? null : Quantity.getAmountInBytes(q);
    }

    private static BigDecimal bound(Map<String, Quantity> m, String resource) {
        return m == null || !m.containsKey(resource) ? null : Quantity.getAmountInBytes(m.get(resource));
    }

    private static BigDecimal orZero(BigDecimal b) {
        return b == null ? BigDecimal.ZERO : b;
    }

    private static String plain(BigDecimal b) {
        return b.stripTrailingZeros().toPlainString();
    }
}
