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
 * emulated: Pod-level resources (the PodLevelResources feature). Pure.
 */
final class PodQos {
    private static final List<String> COUNTED = List.of("cpu", "memory");

    private PodQos() {}

    static String of(JsonNode pod) {
        boolean any = false;
        boolean guaranteed = true;
        JsonNode spec = pod.path("spec");
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                JsonNode limits = c.path("resources").path("limits");
                JsonNode requests = c.path("resources").path("requests");
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
