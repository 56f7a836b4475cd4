package io.kubetron.webhook.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubetron.webhook.Admission;
import io.kubetron.webhook.metrics.WebhookMetrics;
import io.kubetron.webhook.review.InvalidReviewException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's HTTPS endpoint (JDK {@link HttpsServer}, one virtual thread per request, TLS 1.2 and 1.3 only):
 * <ul>
 *   <li>{@value #ADMISSION_PATH} (the original's path) and {@value #ADMISSION_ALIAS}: POST an AdmissionReview</li>
 *   <li>{@code /healthz}: the process serves</li>
 *   <li>{@code /readyz}: the backend answers ({@link Readiness})</li>
 *   <li>{@code /metrics}: Prometheus text format</li>
 * </ul>
 */
public final class WebhookServer implements AutoCloseable {
    public static final String ADMISSION_PATH = "/apis/kubetron.network.kubevirt.io/v1alpha1/admission";
    public static final String ADMISSION_ALIAS = "/admission";
    /** Two Pods at etcd's 1.5 MiB object limit (object + oldObject) and the envelope fit. */
    static final int MAX_BODY = 8 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private final HttpsServer server;
    private final ExecutorService executor;
    private final ReloadingKeyManager keys;

    private WebhookServer(HttpsServer server, ExecutorService executor, ReloadingKeyManager keys) {
        this.server = server;
        this.executor = executor;
        this.keys = keys;
    }

    /** Binds and starts serving. */
    public static WebhookServer start(
            ServerSettings s, Admission admission, Readiness readiness, WebhookMetrics metrics)
            throws IOException, GeneralSecurityException {
        ReloadingKeyManager keys =
                new ReloadingKeyManager(s.certFile(), s.keyFile(), s.tlsCheckEvery(), Clock.systemUTC());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {keys}, null, null);
        HttpsServer server = HttpsServer.create(s.address(), 512);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ex -> route(ex, admission, readiness, metrics));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        LOG.info(
                "webhook listening address={} paths={},{} cert={}",
                server.getAddress(),
                ADMISSION_PATH,
                ADMISSION_ALIAS,
                s.certFile());
        return new WebhookServer(server, executor, keys);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The key manager, to see which certificate is in service. */
    public ReloadingKeyManager keys() {
        return keys;
    }

    private static void route(HttpExchange ex, Admission admission, Readiness readiness, WebhookMetrics metrics) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            switch (path) {
                case ADMISSION_PATH, ADMISSION_ALIAS -> {
                    if (!method.equals("POST")) {
                        send(ex, 405, "text/plain", "POST an admission.k8s.io/v1 AdmissionReview\n");
                        return;
                    }
                    review(ex, admission);
                }
                case "/healthz", "/livez" -> send(ex, 200, "text/plain", "ok\n");
                case "/readyz" -> {
                    Readiness.State st = readiness.check();
                    send(ex, st.ready() ? 200 : 503, "text/plain", (st.ready() ? "ok" : st.detail()) + "\n");
                }
                case "/metrics" -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    metrics.write(out);
                    send(ex, 200, metrics.contentType(), out.toByteArray());
                }
                default -> send(ex, 404, "text/plain", "not found\n");
            }
        } catch (IOException | RuntimeException e) {
            // the API server gets a closed connection and applies its failurePolicy
            LOG.warn("request failed path={} error=\"{}\"", ex.getRequestURI().getPath(), e.toString());
        }
    }

    private static void review(HttpExchange ex, Admission admission) throws IOException {
        byte[] body = readBody(ex.getRequestBody());
        if (body == null) {
            send(ex, 413, "text/plain", "an AdmissionReview is at most " + MAX_BODY + " bytes\n");
            return;
        }
        byte[] answer;
        try {
            answer = admission.review(body);
        } catch (InvalidReviewException e) {
            send(ex, 400, "text/plain", e.getMessage() + "\n");
            return;
        }
        send(ex, 200, "application/json", answer);
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void send(HttpExchange ex, int code, String type, String text) throws IOException {
        send(ex, code, type, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops accepting, lets requests in flight finish for up to a second. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }
}
