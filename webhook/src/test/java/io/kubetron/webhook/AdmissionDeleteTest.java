package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.Port;
import io.kubetron.backend.PortOwner;
import io.kubetron.webhook.metrics.WebhookMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** DELETE through the whole review path, from the API server's fixture with oldObject. */
class AdmissionDeleteTest {
    static final String RED = "a77f3c4d-0000-4000-8000-000000000ed0";
    static final String BLUE = "5b0c1f2e-0000-4000-8000-00000000b1e0";
    private final FakeBackend backend = FakeBackend.withRedBlueGreen();
    private final WebhookMetrics metrics = new WebhookMetrics();
    private final Admission admission = Admission.of(backend, AdmissionSettings.defaults(), metrics);
    private final PortOwner owner = new PortOwner("default", "example-kubetron-pod1", null, null, "req-1");

    @BeforeEach
    void portsOfThePod() {
        backend.ports.put(
                RED, new Port(RED, "red-bcxoeffrsw", "net-red", "red", "0a:58:0a:01:00:04", List.of(), owner));
        backend.ports.put(
                BLUE, new Port(BLUE, "blue-qwhzkmbte", "net-blue", "blue", "0a:58:0a:02:00:05", List.of(), owner));
    }

    private JsonNode review(byte[] body) {
        return Fixtures.JSON.readTree(admission.review(body));
    }

    @Test
    void deletesThePortsOfItsNetworksSpecAndAgainIsFine() {
        JsonNode resp = review(Fixtures.bytes("delete-oldobject.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(resp.at("/response/uid").asString()).isEqualTo("e2c9f3a1-7d64-4b2a-9e8f-0a1b2c3d4e5f");
        assertThat(resp.at("/response/patch").isMissingNode()).isTrue();
        assertThat(backend.ports).isEmpty();
        // the API server may call again (graceful deletion, then the final one)
        JsonNode again = review(Fixtures.bytes("delete-oldobject.json"));
        assertThat(again.at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void aBackendOutageDoesNotBlockTheDeletion() throws Exception {
        backend.down = true;
        JsonNode resp = review(Fixtures.bytes("delete-oldobject.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(resp.at("/response/status/message").asString()).contains("garbage collection");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("kubetron_webhook_ports_left_behind_total{operation=\"DELETE\"} 2.0")
                .contains("kubetron_webhook_admissions_total{operation=\"DELETE\",result=\"allowed_with_errors\"} 1.0");
    }

    @Test
    void failingDeletesStillAllow() {
        backend.failDeletes = true;
        JsonNode resp = review(Fixtures.bytes("delete-oldobject.json"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(backend.ports).hasSize(2);
    }

    @Test
    void portsOfAnotherPodAreNotDeleted() {
        PortOwner other = new PortOwner("default", "someone-else", null, null, "req-2");
        backend.ports.put(
                RED, new Port(RED, "red-bcxoeffrsw", "net-red", "red", "0a:58:0a:01:00:04", List.of(), other));
        review(Fixtures.bytes("delete-oldobject.json"));
        assertThat(backend.ports).containsOnlyKeys(RED);
    }

    @Test
    void portsOfAGenerateNamePodAreFoundByItsPrefix() {
        PortOwner gen = new PortOwner("default", null, "example-kubetron-", null, "req-3");
        backend.ports.put(RED, new Port(RED, "red-bcxoeffrsw", "net-red", "red", "0a:58:0a:01:00:04", List.of(), gen));
        review(Fixtures.bytes("delete-oldobject.json"));
        assertThat(backend.ports).isEmpty();
    }

    @Test
    void dryRunDeletesNothing() {
        JsonNode resp = review(Fixtures.with("delete-oldobject.json", r -> r.put("dryRun", true)));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(backend.ports).hasSize(2);
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void aMalformedNetworksSpecIsAllowed() {
        JsonNode resp = review(Fixtures.with(
                "delete-oldobject.json",
                r -> ((tools.jackson.databind.node.ObjectNode)
                                r.get("oldObject").get("metadata").get("annotations"))
                        .put("kubetron.network.kubevirt.io/networksSpec", "{not json")));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(backend.ports).hasSize(2);
    }

    @Test
    void aDeleteWithoutOldObjectIsAllowed() {
        JsonNode resp = review(Fixtures.with("delete-oldobject.json", r -> r.putNull("oldObject")));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(backend.calls).isEmpty();
    }
}
