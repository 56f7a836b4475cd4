package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A Pod's QoS class as the API server computes it for {@code status.qosClass} ({@code kubernetes/kubernetes
 * pkg/apis/core/helper/qos/qos.go} {@code ComputePodQOS}): only cpu and memory count; no request and no limit in any
 * container (init containers included) is BestEffort; cpu and memory limits in every container, with every request
 * equal to its limit, is Guaranteed; anything else Burstable. Requests left out are taken as the limits, as the API
 * server's defaulting ({@code pkg/apis/core/v1/defaults.go} {@code SetDefaults_Pod}) fills them in before. Not
 * emulated: rounding quantities to milli-units first. Pod-level resources ({@code spec.resources}), when present,
 * decide alone. Pure.
 */
public final class PodQos {
    private static final List<String> COUNTED = List.of("cpu", "memory");

    private PodQos() {}

    /** The QoS class ({@code BestEffort}, {@code Burstable}, {@code Guaranteed}) of a Pod as JSON. */
    public static String of(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        if (spec.path("resources").isObject()) {
            // pod-level resources (PodLevelResources, beta and on by default since 1.34) decide alone
            return of(List.of(spec.path("resources")));
        }
        List<JsonNode> each = new java.util.ArrayList<>();
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                each.add(c.path("resources"));
            }
        }
        return of(each);
    }

    private static String of(List<JsonNode> resources) {
        boolean any = false;
        boolean guaranteed = true;
        for (JsonNode res : resources) {
            JsonNode limits = res.path("limits");
            JsonNode requests = res.path("requests");
            for (String r : COUNTED) {
                BigDecimal limit = amount(limits.path(r));
                BigDecimal request = requests.has(r) ? amount(requests.path(r)) : limit;
                if (isSet(limit) || isSet(request)) {
                    any = true;
                }
                if (!isSet(limit) || request == null || request.compareTo(limit) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    /** qos.go counts a quantity only when it is above zero. */
    private static boolean isSet(BigDecimal q) {
        return q != null && q.signum() > 0;
    }

    private static BigDecimal amount(JsonNode q) {
        if (q.isMissingNode() || q.isNull()) {
            return null;
        }
        return Quantity.getAmountInBytes(new Quantity(q.asString()));
    }
}
