package io.kubetron.webhook.server;

import io.kubetron.common.http.BodyCheck;
import io.kubetron.common.http.ByteBudget;
import io.kubetron.common.http.Check;
import io.kubetron.common.http.ProbeServer;
import io.kubetron.common.http.Request;
import io.kubetron.common.http.Response;
import io.kubetron.common.tls.ReloadingKeyManager;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.model.Annotations;
import io.kubetron.webhook.Admission;
import io.kubetron.webhook.metrics.WebhookMetrics;
import io.kubetron.webhook.review.InvalidReviewException;
import io.kubetron.webhook.review.ReviewCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTPS endpoint: Kubetron's {@link ProbeServer} (one virtual thread per request, TLS 1.2 and 1.3 with
 * AEAD suites only, every client bounded by {@link ServerSettings#limits()}) with the certificate files reloaded on
 * rotation ({@link ReloadingKeyManager}):
 * <ul>
 *   <li>{@value #ADMISSION_PATH} (the original's path) and {@value #ADMISSION_ALIAS}: POST an AdmissionReview</li>
 *   <li>{@code /healthz}, {@code /livez}: the process serves</li>
 *   <li>{@code /readyz}: the backend answers ({@link BackendReadiness})</li>
 *   <li>{@code /metrics}: Prometheus text format</li>
 * </ul>
 *
 * A body that is not an AdmissionReview (not JSON, beyond {@link ReviewCodec#LIMITS}, a field of the wrong type) gets
 * 400: without a uid no AdmissionReview answer is possible. Before a review is read, its heap is estimated ({@link
 * ReviewCodec#heapEstimate}) and taken from {@link ServerSettings#reviewHeapBytes()}: a review estimated at more than
 * all of it gets 413, one that finds it taken for {@value #HEAP_WAIT_MS} ms gets 503, so no body, however shaped, can
 * run the heap out (1 MB of empty containers would take 138 MB).
 */
public final class WebhookServer implements AutoCloseable {
    public static final String ADMISSION_PATH = "/apis/" + Annotations.DOMAIN + "/v1alpha1/admission";
    public static final String ADMISSION_ALIAS = "/admission";
    /** Two Pods at etcd's 1.5 MiB object limit (object + oldObject) and the envelope fit. */
    static final int MAX_BODY = ReviewCodec.MAX_REVIEW_BYTES;
    /** How long a review waits for heap others hold: reviews are read in milliseconds. */
    static final long HEAP_WAIT_MS = 2000;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private final ProbeServer server;
    private final ReloadingKeyManager keys;

    private WebhookServer(ProbeServer server, ReloadingKeyManager keys) {
        this.server = server;
        this.keys = keys;
    }

    /** Binds and starts serving. */
    public static WebhookServer start(
            ServerSettings s, Admission admission, BackendReadiness readiness, WebhookMetrics metrics)
            throws IOException, GeneralSecurityException {
        ReloadingKeyManager keys =
                new ReloadingKeyManager(s.certFile(), s.keyFile(), s.tlsCheckEvery(), Clock.systemUTC());
        ByteBudget heap = new ByteBudget(s.reviewHeapBytes());
        ProbeServer.Route review = req -> review(req, admission, heap);
        ProbeServer server = ProbeServer.builder(s.address())
                .tls(TlsContexts.context(new KeyManager[] {keys}, null))
                .limits(s.limits())
                .backlog(512)
                .threadName("kubetron-webhook-http")
                .readiness(() -> {
                    BackendReadiness.State st = readiness.check();
                    return Check.of(st.ready(), st.detail());
                })
                .metrics(metrics)
                .route(ADMISSION_PATH, review, () -> check(heap))
                .route(ADMISSION_ALIAS, review, () -> check(heap))
                .start();
        LOG.info(
                "webhook listening address={} paths={},{} cert={}",
                server.address(),
                ADMISSION_PATH,
                ADMISSION_ALIAS,
                s.certFile());
        return new WebhookServer(server, keys);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** The key manager, to see which certificate is in service. */
    public ReloadingKeyManager keys() {
        return keys;
    }

    private static Response review(Request req, Admission admission, ByteBudget heap) throws InterruptedException {
        if (!req.method().equals("POST")) {
            return Response.text(405, "POST an admission.k8s.io/v1 AdmissionReview\n");
        }
        long cost;
        try {
            cost = ReviewCodec.heapEstimate(req.body(), heap.total());
        } catch (InvalidReviewException e) {
            return Response.text(400, shorten(e.getMessage()) + "\n");
        }
        if (cost > heap.total()) {
            return tooLarge(heap);
        }
        if (!heap.take(cost, Duration.ofMillis(HEAP_WAIT_MS))) {
            return Response.text(503, "too many large reviews at once; try again\n")
                    .withHeader("Retry-After", "1");
        }
        try {
            return Response.of(200, "application/json", admission.review(req.body()));
        } catch (InvalidReviewException e) {
            return Response.text(400, shorten(e.getMessage()) + "\n");
        } finally {
            heap.give(cost);
        }
    }

    /**
     * Refuses a body while it arrives, at the first byte that makes it malformed (400) or too large to read within the
     * review heap (413): a heap bomb costs its first few hundred KiB, not its 8 MiB.
     */
    private static BodyCheck check(ByteBudget heap) {
        ReviewCodec.HeapMeter meter = new ReviewCodec.HeapMeter(heap.total());
        return new BodyCheck() {
            @Override
            public Response more(byte[] body, int offset, int length) {
                try {
                    return meter.more(body, offset, length) > heap.total() ? tooLarge(heap) : null;
                } catch (InvalidReviewException e) {
                    return Response.text(400, shorten(e.getMessage()) + "\n");
                }
            }

            @Override
            public Response end() {
                try {
                    return meter.end() > heap.total() ? tooLarge(heap) : null;
                } catch (InvalidReviewException e) {
                    return Response.text(400, shorten(e.getMessage()) + "\n");
                }
            }
        };
    }

    private static Response tooLarge(ByteBudget heap) {
        return Response.text(
                413,
                "the AdmissionReview would take more than " + heap.total() / (1024 * 1024) + " MiB of heap to read\n");
    }

    /** A parser's message may quote the body: keep it short. */
    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /** Stops accepting, lets requests in flight finish for up to a second. */
    @Override
    public void close() {
        server.close(1);
    }
}
