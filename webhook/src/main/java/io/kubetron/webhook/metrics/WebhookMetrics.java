package io.kubetron.webhook.metrics;

import io.kubetron.common.http.MetricsSource;
import io.kubetron.common.signing.SigningKeys;
import io.kubetron.webhook.AdmissionEvents;
import io.kubetron.webhook.review.Verdict;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The webhook's Prometheus metrics, in a registry of its own (no global state, so tests and several webhooks in one JVM
 * do not mix). Thread-safe.
 *
 * <ul>
 *   <li>{@code kubetron_webhook_admissions_total{operation,result}}: admission requests by outcome</li>
 *   <li>{@code kubetron_webhook_admission_duration_seconds{operation}}: time to answer, histogram</li>
 *   <li>{@code kubetron_webhook_backend_call_duration_seconds{call}}: backend calls, histogram</li>
 *   <li>{@code kubetron_webhook_backend_errors_total{call,reason}}: failed backend calls</li>
 *   <li>{@code kubetron_webhook_ports_left_behind_total{operation}}: ports left to the lifecycle controller</li>
 *   <li>{@code kubetron_webhook_invalid_reviews_total}: request bodies that were not AdmissionReviews</li>
 *   <li>{@code kubetron_webhook_signing_key_info{key_id,primary}}: 1 per key of the networks-signing key set in
 *       service (a rotation's progress: every replica shows a new key before it becomes the primary)</li>
 * </ul>
 */
public final class WebhookMetrics implements AdmissionEvents, MetricsSource {
    private static final double[] ADMISSION_BUCKETS = {.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter admissions;
    private final Histogram admissionSeconds;
    private final Histogram backendSeconds;
    private final Counter backendErrors;
    private final Counter leftBehind;
    private final Counter invalidReviews;

    public WebhookMetrics() {
        admissions = Counter.builder()
                .name("kubetron_webhook_admissions_total")
                .help("Admission requests answered, by operation and result")
                .labelNames("operation", "result")
                .register(registry);
        admissionSeconds = Histogram.builder()
                .name("kubetron_webhook_admission_duration_seconds")
                .help("Time to answer an admission request")
                .labelNames("operation")
                .classicOnly()
                .classicUpperBounds(ADMISSION_BUCKETS)
                .register(registry);
        backendSeconds = Histogram.builder()
                .name("kubetron_webhook_backend_call_duration_seconds")
                .help("Backend call latency")
                .labelNames("call")
                .classicOnly()
                .classicUpperBounds(ADMISSION_BUCKETS)
                .register(registry);
        backendErrors = Counter.builder()
                .name("kubetron_webhook_backend_errors_total")
                .help("Failed backend calls, by call and reason")
                .labelNames("call", "reason")
                .register(registry);
        leftBehind = Counter.builder()
                .name("kubetron_webhook_ports_left_behind_total")
                .help("Ports that could not be deleted and are left to the lifecycle controller")
                .labelNames("operation")
                .register(registry);
        invalidReviews = Counter.builder()
                .name("kubetron_webhook_invalid_reviews_total")
                .help("Request bodies that were not admission.k8s.io/v1 AdmissionReviews")
                .register(registry);
    }

    /** Adds the gauge of the key set in service, read at scrape time (key ids only). */
    public void signingKeys(Supplier<SigningKeys> keys) {
        GaugeWithCallback.builder()
                .name("kubetron_webhook_signing_key_info")
                .help("Keys of the networks-signing key set in service, by id; primary=true for the signing one")
                .labelNames("key_id", "primary")
                .callback(cb -> {
                    SigningKeys k = keys.get();
                    k.ids().forEach(id -> cb.call(1, id, Boolean.toString(id.equals(k.primary()))));
                })
                .register(registry);
    }

    public void admission(String operation, Verdict.Result result, long nanos) {
        String op = operation == null || operation.isEmpty() ? "UNKNOWN" : operation;
        admissions.labelValues(op, result.name().toLowerCase(Locale.ROOT)).inc();
        admissionSeconds.labelValues(op).observe(nanos / 1e9);
    }

    public void invalidReview() {
        invalidReviews.inc();
    }

    public void backendCall(String call, long nanos, String errorReason) {
        backendSeconds.labelValues(call).observe(nanos / 1e9);
        if (errorReason != null) {
            backendErrors.labelValues(call, errorReason).inc();
        }
    }

    @Override
    public void portsLeftBehind(String operation, int count) {
        leftBehind.labelValues(operation).inc(count);
    }

    @Override
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Writes every metric in the Prometheus text format, then those of the sources {@link #include}d. */
    @Override
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
        for (MetricsSource s : included) {
            s.write(out);
        }
    }

    /** Serves {@code source}'s metrics after these (for components in the same process, e.g. the lifecycle controller). */
    public void include(MetricsSource source) {
        included.add(source);
    }

    private final java.util.List<MetricsSource> included = new java.util.concurrent.CopyOnWriteArrayList<>();
}
