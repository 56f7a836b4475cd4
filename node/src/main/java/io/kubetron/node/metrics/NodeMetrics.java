package io.kubetron.node.metrics;

import io.kubetron.common.http.MetricsSource;
import io.kubetron.common.signing.SigningKeys;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The node agent's Prometheus metrics, in a registry of its own. Thread-safe.
 *
 * <ul>
 *   <li>{@code kubetron_node_attachments_total{result}}: interfaces plumbed, by result</li>
 *   <li>{@code kubetron_node_attach_duration_seconds}: time to plumb one interface (veth to address), histogram</li>
 *   <li>{@code kubetron_node_detachments_total}: interfaces removed</li>
 *   <li>{@code kubetron_node_orphans_removed_total{kind}}: OVS ports or veths found without a Pod and removed</li>
 *   <li>{@code kubetron_node_interfaces}: OVS interfaces the agent owns now</li>
 *   <li>{@code kubetron_node_queue_depth}: Pods waiting or being reconciled</li>
 *   <li>{@code kubetron_node_networks_spec_rejected_total{reason}}: Pods whose networksSpec was refused (its
 *       signature missing, malformed, of an unknown key, or not this Pod's), each counted once per annotation text</li>
 *   <li>{@code kubetron_node_signing_key_info{key_id,primary}}: 1 per key of the networks-signing key set in service
 *       (a rotation's progress: every node shows a new key before it becomes the primary)</li>
 * </ul>
 */
public final class NodeMetrics implements MetricsSource {
    private static final double[] BUCKETS = {.05, .1, .25, .5, 1, 2.5, 5, 10, 30};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter attachments;
    private final Histogram attachSeconds;
    private final Counter detachments;
    private final Counter orphans;
    private final Counter rejected;

    public NodeMetrics() {
        attachments = Counter.builder()
                .name("kubetron_node_attachments_total")
                .help("Interfaces plumbed into Pods, by result")
                .labelNames("result")
                .register(registry);
        attachSeconds = Histogram.builder()
                .name("kubetron_node_attach_duration_seconds")
                .help("Time to plumb one interface, from veth to address")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .register(registry);
        detachments = Counter.builder()
                .name("kubetron_node_detachments_total")
                .help("Interfaces removed from Pods")
                .register(registry);
        orphans = Counter.builder()
                .name("kubetron_node_orphans_removed_total")
                .help("OVS interfaces or veths found without a Pod and removed")
                .labelNames("kind")
                .register(registry);
        rejected = Counter.builder()
                .name("kubetron_node_networks_spec_rejected_total")
                .help("Pods whose networksSpec was refused because its signature did not check out, by reason")
                .labelNames("reason")
                .register(registry);
    }

    /** Adds the gauge of the key set in service, read at scrape time (key ids only). */
    public void signingKeys(Supplier<SigningKeys> keys) {
        GaugeWithCallback.builder()
                .name("kubetron_node_signing_key_info")
                .help("Keys of the networks-signing key set in service, by id; primary=true for the signing one")
                .labelNames("key_id", "primary")
                .callback(cb -> {
                    SigningKeys k = keys.get();
                    k.ids().forEach(id -> cb.call(1, id, Boolean.toString(id.equals(k.primary()))));
                })
                .register(registry);
    }

    public void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    /** Adds the gauges read at scrape time. */
    public void gauges(DoubleSupplier interfaces, DoubleSupplier queueDepth) {
        GaugeWithCallback.builder()
                .name("kubetron_node_interfaces")
                .help("OVS interfaces the node agent owns")
                .callback(cb -> cb.call(interfaces.getAsDouble()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("kubetron_node_queue_depth")
                .help("Pods waiting or being reconciled")
                .callback(cb -> cb.call(queueDepth.getAsDouble()))
                .register(registry);
    }

    public void attached(boolean ok, double seconds) {
        attachments.labelValues(ok ? "success" : "failure").inc();
        if (ok) {
            attachSeconds.observe(seconds);
        }
    }

    public void detached(int n) {
        detachments.inc(n);
    }

    public void orphanRemoved(String kind) {
        orphans.labelValues(kind).inc();
    }

    @Override
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
