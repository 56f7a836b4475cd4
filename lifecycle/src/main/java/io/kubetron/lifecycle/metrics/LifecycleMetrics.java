package io.kubetron.lifecycle.metrics;

import io.kubetron.common.http.MetricsSource;
import io.kubetron.lifecycle.decision.Reason;
import io.kubetron.lifecycle.sweep.Orphan;
import io.kubetron.lifecycle.sweep.SweepObserver;
import io.kubetron.lifecycle.sweep.SweepReport;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The lifecycle controller's Prometheus metrics, in a registry of its own (as the webhook's: no global state, so two
 * controllers in one JVM, as in the tests, do not mix). Thread-safe.
 *
 * <ul>
 *   <li>{@code kubetron_lifecycle_orphans_found_total{reason}}: orphan ports confirmed live</li>
 *   <li>{@code kubetron_lifecycle_orphans_deleted_total{reason}}: orphan ports deleted (or found already gone)</li>
 *   <li>{@code kubetron_lifecycle_orphan_delete_failures_total{reason}}: deletions that failed and will be retried</li>
 *   <li>{@code kubetron_lifecycle_sweeps_total{result}}: sweeps, {@code ok} or {@code failed}</li>
 *   <li>{@code kubetron_lifecycle_sweep_duration_seconds}: time per sweep, histogram</li>
 *   <li>{@code kubetron_lifecycle_ports_owned}: owned ports the last sweep listed</li>
 *   <li>{@code kubetron_lifecycle_ports_in_grace}: ports without a Pod whose grace period is running</li>
 *   <li>{@code kubetron_lifecycle_leader}: 1 while this replica leads</li>
 *   <li>the Network controller's, {@link io.kubetron.lifecycle.network.NetworkMetrics}</li>
 * </ul>
 */
public final class LifecycleMetrics implements SweepObserver, MetricsSource {
    private static final double[] SWEEP_BUCKETS = {.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter found;
    private final Counter deleted;
    private final Counter failures;
    private final Counter sweeps;
    private final Histogram sweepSeconds;
    private final Gauge owned;
    private final Gauge inGrace;
    private final Gauge leader;
    private final io.kubetron.lifecycle.network.NetworkMetrics networks;

    public LifecycleMetrics() {
        found = Counter.builder()
                .name("kubetron_lifecycle_orphans_found_total")
                .help("Orphan ports confirmed with the API server, by reason")
                .labelNames("reason")
                .register(registry);
        deleted = Counter.builder()
                .name("kubetron_lifecycle_orphans_deleted_total")
                .help("Orphan ports deleted, by reason")
                .labelNames("reason")
                .register(registry);
        failures = Counter.builder()
                .name("kubetron_lifecycle_orphan_delete_failures_total")
                .help("Orphan ports that could not be deleted (retried by the next sweep), by reason")
                .labelNames("reason")
                .register(registry);
        sweeps = Counter.builder()
                .name("kubetron_lifecycle_sweeps_total")
                .help("Sweeps over every owned port, by result")
                .labelNames("result")
                .register(registry);
        sweepSeconds = Histogram.builder()
                .name("kubetron_lifecycle_sweep_duration_seconds")
                .help("Time to sweep every owned port")
                .classicOnly()
                .classicUpperBounds(SWEEP_BUCKETS)
                .register(registry);
        owned = Gauge.builder()
                .name("kubetron_lifecycle_ports_owned")
                .help("Ports the backend lists as Kubetron's, at the last sweep")
                .register(registry);
        inGrace = Gauge.builder()
                .name("kubetron_lifecycle_ports_in_grace")
                .help("Ports without a Pod, kept while their grace period runs, at the last sweep")
                .register(registry);
        leader = Gauge.builder()
                .name("kubetron_lifecycle_leader")
                .help("1 while this replica holds the lifecycle lease")
                .register(registry);
        networks = new io.kubetron.lifecycle.network.NetworkMetrics(registry);
        for (Reason r : Reason.values()) {
            if (r.action() == io.kubetron.lifecycle.decision.Action.DELETE) {
                // present from the start, so rate() and alerts see a zero rather than no series
                found.labelValues(r.label());
                deleted.labelValues(r.label());
            }
        }
    }

    @Override
    public void orphan(Orphan o) {
        String reason = o.decision().reason().label();
        found.labelValues(reason).inc();
        switch (o.outcome()) {
            case DELETED, ALREADY_GONE -> deleted.labelValues(reason).inc();
            case FAILED -> failures.labelValues(reason).inc();
            case WOULD_DELETE, SKIPPED -> {}
        }
    }

    @Override
    public void swept(SweepReport r) {
        sweeps.labelValues("ok").inc();
        sweepSeconds.observe(r.duration().toNanos() / 1e9);
        owned.set(r.ports());
        inGrace.set(r.inGrace().size());
    }

    @Override
    public void sweepFailed(String error, Duration duration) {
        sweeps.labelValues("failed").inc();
        sweepSeconds.observe(duration.toNanos() / 1e9);
    }

    /** The Network controller's metrics, on the same registry. */
    public io.kubetron.lifecycle.network.NetworkMetrics networks() {
        return networks;
    }

    public void leading(boolean leading) {
        leader.set(leading ? 1 : 0);
    }

    /** Sweeps that ran to the end on this replica. */
    public long sweepsDone() {
        return (long) sweeps.labelValues("ok").get();
    }

    /** Orphans deleted (or found already gone) for this reason. */
    public long deleted(Reason reason) {
        return (long) deleted.labelValues(reason.label()).get();
    }

    @Override
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Writes every metric in the Prometheus text format (append it to another registry's output on one endpoint). */
    @Override
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
