package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.Network;
import io.kubetron.backend.PortRequest;
import io.kubetron.model.owner.PortOwner;
import io.kubetron.webhook.metrics.MeteredBackend;
import io.kubetron.webhook.metrics.WebhookMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A createPorts call is one backend call to the metrics, however many ports it makes, and fails as one. */
class MeteredBackendTest {
    private static final PortOwner OWNER = new PortOwner("ns", "pod", null, null, "req");

    private static String scrape(WebhookMetrics m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createPortsIsCountedAndTimedAsOneCall() throws IOException {
        FakeBackend fake = FakeBackend.withRedBlueGreen();
        WebhookMetrics metrics = new WebhookMetrics();
        MeteredBackend b = new MeteredBackend(fake, metrics);
        Network red = fake.networks.get("red");
        Network blue = fake.networks.get("blue");
        assertThat(b.createPorts(List.of(
                        new PortRequest(red, "a", OWNER),
                        new PortRequest(blue, "b", OWNER),
                        new PortRequest(red, "c", OWNER, "0a:00:00:00:00:09", List.of("10.1.0.9")))))
                .hasSize(3);
        assertThat(scrape(metrics))
                .contains("kubetron_webhook_backend_call_duration_seconds_count{call=\"createPorts\"} 1\n")
                .doesNotContain("call=\"createPort\"");

        fake.failCreateAt = fake.creates.get() + 2;
        assertThatThrownBy(() ->
                        b.createPorts(List.of(new PortRequest(red, "d", OWNER), new PortRequest(red, "e", OWNER))))
                .isInstanceOf(BackendException.class);
        assertThat(fake.ports).hasSize(3);
        assertThat(scrape(metrics))
                .contains("kubetron_webhook_backend_call_duration_seconds_count{call=\"createPorts\"} 2\n")
                .contains("kubetron_webhook_backend_errors_total{call=\"createPorts\",reason=\"conflict\"} 1.0\n");
    }
}
