package io.kubetron.webhook;

import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.metrics.WebhookMetrics;

/**
 * The webhook's own cost per CREATE review (parse, resolve, two ports, patch, answer), in process and with the test
 * double backend: what the webhook adds once its JIT is warm, without HTTPS or a real backend.
 */
public final class InProcessCost {
    private InProcessCost() {}

    /** Mean milliseconds per review of each of {@code rounds} rounds of {@code n} reviews. */
    public static double[] measure(int rounds, int n) {
        FakeBackend b = FakeBackend.withRedBlueGreen();
        Admission a = Admission.of(b, AdmissionSettings.defaults(), TestSigning.supplier(), new WebhookMetrics());
        byte[] body = Fixtures.bytes("create-last-applied.json");
        double[] out = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                a.review(body);
                b.ports.clear();
            }
            out[r] = (System.nanoTime() - t0) / 1e6 / n;
        }
        return out;
    }
}
