package io.kubetron.webhook.server;

import com.sun.net.httpserver.HttpExchange;
import io.kubetron.common.http.Check;
import io.kubetron.common.http.ProbeServer;
import io.kubetron.common.tls.ReloadingKeyManager;
import io.kubetron.common.tls.TlsContexts;
import io.kubetron.model.Annotations;
import io.kubetron.webhook.Admission;
import io.kubetron.webhook.metrics.WebhookMetrics;
import io.kubetron.webhook.review.InvalidReviewException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import javax.net.ssl.KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTPS endpoint: Kubetron's {@link ProbeServer} (one virtual thread per request, TLS 1.2 and 1.3 only)
 * with the certificate files reloaded on rotation ({@link ReloadingKeyManager}):
 * <ul>
 *   <li>{@value #ADMISSION_PATH} (the original's path) and {@value #ADMISSION_ALIAS}: POST an AdmissionReview</li>
 *   <li>{@code /healthz}, {@code /livez}: the process serves</li>
 *   <li>{@code /readyz}: the backend answers ({@link BackendReadiness})</li>
 *   <li>{@code /metrics}: Prometheus text format</li>
 * </ul>
 */
public final class WebhookServer implements AutoCloseable {
    public static final String ADMISSION_PATH = "/apis/" + Annotations.DOMAIN + "/v1alpha1/admission";
    public static final String ADMISSION_ALIAS = "/admission";
    /** Two Pods at etcd's 1.5 MiB object limit (object + oldObject) and the envelope fit. */
    static final int MAX_BODY = 8 * 1024 * 1024;

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
        ProbeServer.Route review = ex -> review(ex, admission);
        ProbeServer server = ProbeServer.builder(s.address())
                .tls(TlsContexts.context(new KeyManager[] {keys}, null))
                .backlog(512)
                .threadName("kubetron-webhook-http")
                .readiness(() -> {
                    BackendReadiness.State st = readiness.check();
                    return Check.of(st.ready(), st.detail());
                })
                .metrics(metrics)
                .route(ADMISSION_PATH, review)
                .route(ADMISSION_ALIAS, review)
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

    private static void review(HttpExchange ex, Admission admission) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            ProbeServer.sendText(ex, 405, "POST an admission.k8s.io/v1 AdmissionReview\n");
            return;
        }
        byte[] body = readBody(ex.getRequestBody());
        if (body == null) {
            ProbeServer.sendText(ex, 413, "an AdmissionReview is at most " + MAX_BODY + " bytes\n");
            return;
        }
        byte[] answer;
        try {
            answer = admission.review(body);
        } catch (InvalidReviewException e) {
            ProbeServer.sendText(ex, 400, e.getMessage() + "\n");
            return;
        }
        ProbeServer.send(ex, 200, "application/json", answer);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    /** Stops accepting, lets requests in flight finish for up to a second. */
    @Override
    public void close() {
        server.close(1);
    }
}
