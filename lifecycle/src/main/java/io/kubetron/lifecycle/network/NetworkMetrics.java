package io.kubetron.lifecycle.network;

import io.kubetron.model.network.NetworkConditions;
import io.kubetron.model.network.NetworkStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.List;

/**
 * The Network controller's metrics, in the lifecycle controller's registry (one endpoint). Thread-safe.
 *
 * <ul>
 *   <li>{@code kubetron_lifecycle_networks{condition,status}}: Network objects by the status of their Ready and
 *       Degraded conditions ({@code True}, {@code False}, {@code Unknown}; {@code None} before the first status)
 *   <li>{@code kubetron_lifecycle_network_reconciles_total{result}}: reconciles, {@code done} or {@code retry}
 *   <li>{@code kubetron_lifecycle_network_reconcile_errors_total{reason}}: failed steps and reconciles
 * </ul>
 */
public final class NetworkMetrics {
    private static final List<String> STATUSES = List.of("True", "False", "Unknown", "None");
    private final Gauge networks;
    private final Counter reconciles;
    private final Counter errors;

    public NetworkMetrics(PrometheusRegistry registry) {
        networks = Gauge.builder()
                .name("kubetron_lifecycle_networks")
                .help("Network objects by the status of their Ready and Degraded conditions")
                .labelNames("condition", "status")
                .register(registry);
        reconciles = Counter.builder()
                .name("kubetron_lifecycle_network_reconciles_total")
                .help("Reconciles of Network objects, by result")
                .labelNames("result")
                .register(registry);
        errors = Counter.builder()
                .name("kubetron_lifecycle_network_reconcile_errors_total")
                .help("Failed Network reconcile steps, by reason")
                .labelNames("reason")
                .register(registry);
        for (String c : List.of(NetworkConditions.READY, NetworkConditions.DEGRADED)) {
            for (String s : STATUSES) {
                networks.labelValues(c, s).set(0);
            }
        }
        reconciles.labelValues("done");
        reconciles.labelValues("retry");
    }

    /** Counts the Networks in {@code statuses} (one per object, null before its first status). */
    void observe(Collection<NetworkStatus> statuses) {
        for (String c : List.of(NetworkConditions.READY, NetworkConditions.DEGRADED)) {
            for (String s : STATUSES) {
                long count = statuses.stream()
                        .filter(st -> s.equals(statusOf(st, c)))
                        .count();
                networks.labelValues(c, s).set(count);
            }
        }
    }

    private static String statusOf(NetworkStatus st, String type) {
        if (st == null) {
            return "None";
        }
        return st.condition(type).map(cond -> cond.getStatus()).orElse("None");
    }

    void reconciled(NetworkReconciler.Result r) {
        reconciles
                .labelValues(r == NetworkReconciler.Result.DONE ? "done" : "retry")
                .inc();
    }

    void error(String reason) {
        errors.labelValues(reason).inc();
    }

    /** Networks whose condition has this status, as last counted. */
    public long networks(String condition, String status) {
        return (long) networks.labelValues(condition, status).get();
    }

    /** Reconcile errors counted for this reason. */
    public long errors(String reason) {
        return (long) errors.labelValues(reason).get();
    }
}
