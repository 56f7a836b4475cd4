package io.kubetron.webhook;

import io.kubetron.backend.NetworkBackend;
import io.kubetron.common.log.PodLogger;
import io.kubetron.common.signing.SigningKeys;
import io.kubetron.webhook.create.CreateHandler;
import io.kubetron.webhook.create.PortNames;
import io.kubetron.webhook.create.PortsAdmitted;
import io.kubetron.webhook.metrics.WebhookMetrics;
import io.kubetron.webhook.patch.PodPatch;
import io.kubetron.webhook.review.InvalidReviewException;
import io.kubetron.webhook.review.ReviewCodec;
import io.kubetron.webhook.review.ReviewRequest;
import io.kubetron.webhook.review.Verdict;
import io.kubetron.webhook.select.NetworkDirectory;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * One AdmissionReview in, one out: routes Pod CREATE to its handler (anything else is allowed untouched), times and
 * counts the outcome, and makes sure no exception escapes as a half-answered request. CREATE fails closed (an
 * unexpected error denies the Pod, so no Pod runs without its ports). Ports are released by the lifecycle controller
 * when the Pod object is gone or has finished, never at DELETE admission. Thread-safe.
 */
public final class Admission {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(Admission.class));
    private final ReviewCodec codec;
    private final CreateHandler create;
    private final WebhookMetrics metrics;

    public Admission(ReviewCodec codec, CreateHandler create, WebhookMetrics metrics) {
        this.codec = codec;
        this.create = create;
        this.metrics = metrics;
    }

    /**
     * The usual wiring: the handlers on {@code backend} with {@code settings}, signing with {@code keys}, names from a
     * secure random source.
     */
    public static Admission of(
            NetworkBackend backend, AdmissionSettings settings, Supplier<SigningKeys> keys, WebhookMetrics metrics) {
        return of(backend, settings, keys, metrics, PortsAdmitted.NONE);
    }

    /** The usual wiring, telling {@code admitted} of every admission that made ports. */
    public static Admission of(
            NetworkBackend backend,
            AdmissionSettings settings,
            Supplier<SigningKeys> keys,
            WebhookMetrics metrics,
            PortsAdmitted admitted) {
        return of(backend, settings, keys, metrics, admitted, NetworkDirectory.BACKEND);
    }

    /** The usual wiring, resolving the names Pods select through {@code directory}. */
    public static Admission of(
            NetworkBackend backend,
            AdmissionSettings settings,
            Supplier<SigningKeys> keys,
            WebhookMetrics metrics,
            PortsAdmitted admitted,
            NetworkDirectory directory) {
        ReviewCodec codec = new ReviewCodec();
        return new Admission(
                codec,
                new CreateHandler(
                        backend,
                        settings,
                        keys,
                        PortNames.secure(),
                        new PodPatch(codec.json()),
                        metrics,
                        admitted,
                        directory),
                metrics);
    }

    /**
     * Answers one review.
     *
     * @throws InvalidReviewException when the body is not an AdmissionReview (answered with HTTP 400)
     */
    public byte[] review(byte[] body) {
        long start = System.nanoTime();
        ReviewRequest req;
        try {
            req = codec.read(body);
        } catch (InvalidReviewException e) {
            metrics.invalidReview();
            LOG.logger().warn("invalid review error=\"{}\"", e.getMessage());
            throw e;
        }
        Verdict v = decide(req);
        metrics.admission(req.operation(), v.result(), System.nanoTime() - start);
        if (v.result() != Verdict.Result.ALLOWED || LOG.isDebugEnabled()) {
            LOG.info(
                    req.logContext(),
                    "admission operation={} request={} dryRun={} result={} ms={}{}",
                    req.operation(),
                    req.uid(),
                    req.dryRun(),
                    v.result().name().toLowerCase(java.util.Locale.ROOT),
                    (System.nanoTime() - start) / 1_000_000,
                    v.message() == null ? "" : " message=\"" + shorten(v.message()) + "\"");
        }
        return codec.write(req.uid(), v);
    }

    /** Keeps log lines readable when a user's annotation (echoed in the message) is huge. */
    static String shorten(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...(" + s.length() + " chars)";
    }

    /** The verdict for a parsed request; never throws. */
    public Verdict decide(ReviewRequest req) {
        if (!"pods".equals(req.resource()) || !req.subResource().isEmpty()) {
            return Verdict.allow();
        }
        try {
            // DELETE is allowed untouched: a graceful DELETE runs admission when it only sets deletionTimestamp
            // while the Pod runs on for its grace period (kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/
            // registry/generic/registry/store.go Delete -> updateForGracefulDeletionAndFinalizers), and an eviction
            // runs none at all (pkg/registry/core/pod/storage/eviction.go), so ports go when the object does: the
            // lifecycle controller's informer sees that
            return "CREATE".equals(req.operation())
                    ? req.logContext().within(() -> create.handle(req))
                    : Verdict.allow();
        } catch (RuntimeException e) {
            LOG.error(req.logContext(), "admission failed operation={} request={}", req.operation(), req.uid(), e);
            return Verdict.deny(500, "internal error in Kubetron's webhook: " + e);
        }
    }
}
