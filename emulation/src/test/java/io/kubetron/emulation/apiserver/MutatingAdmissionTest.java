package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mutating webhooks' matchConditions through the emulated API server, with a webhook nobody serves: a call that is
 * made fails (500 under Fail), so a created Pod proves the webhook was skipped.
 */
class MutatingAdmissionTest {
    private EmulatedApiServer api;

    @BeforeEach
    void start() {
        api = EmulatedApiServer.start();
        api.register("alice", new UserInfo("alice", "u-alice", List.of("system:authenticated"), Map.of()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private void webhook(String failurePolicy, String... conditions) throws Exception {
        var b = new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("test")
                .endMetadata()
                .addNewWebhook()
                .withName("mutate.example.com")
                .withFailurePolicy(failurePolicy)
                .withAdmissionReviewVersions("v1")
                .withSideEffects("None")
                .withTimeoutSeconds(2)
                .withNewClientConfig()
                .withNewService()
                .withName("nobody")
                .withNamespace("nowhere")
                .withPath("/mutate")
                .endService()
                .endClientConfig()
                .addNewRule()
                .withOperations("CREATE")
                .withApiGroups("")
                .withApiVersions("v1")
                .withResources("pods")
                .endRule();
        for (int i = 0; i < conditions.length; i++) {
            b.addToMatchConditions(new MatchConditionBuilder()
                    .withName("c" + i)
                    .withExpression(conditions[i])
                    .build());
        }
        MutatingWebhookConfiguration config = b.endWebhook().build();
        // port 9 on loopback: nothing listens, the call fails at once
        api.mutating(new AdmissionChain(config, URI.create("https://127.0.0.1:9"), SSLContext.getDefault()));
    }

    private static void create(KubernetesClient client) {
        client.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("p")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("a")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
    }

    @Test
    void aMatchConditionErrorRefusesUnderFailAsForbidden() throws Exception {
        webhook("Fail", "object.metadata.labels['x'] == 'y'");
        assertThatThrownBy(() -> create(api.admin())).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
            assertThat(e.getStatus().getMessage())
                    .startsWith("pods \"p\" is forbidden: expression 'object.metadata.labels['x'] == 'y''"
                            + " resulted in error: ");
        });
    }

    @Test
    void aMatchConditionErrorSkipsTheWebhookUnderIgnore() throws Exception {
        webhook("Ignore", "object.metadata.labels['x'] == 'y'");
        create(api.admin());
        assertThat(api.admin().pods().inNamespace("default").withName("p").get())
                .isNotNull();
    }

    @Test
    void aFalseConditionSkipsTheWebhookEvenBesideAnError() throws Exception {
        webhook("Fail", "object.metadata.labels['x'] == 'y'", "false");
        create(api.admin());
    }

    @Test
    void theCallersUserInfoReachesTheConditions() throws Exception {
        webhook("Fail", "request.userInfo.username == 'alice' && 'system:authenticated' in request.userInfo.groups");
        create(api.admin()); // kubernetes-admin: skipped
        api.admin().pods().inNamespace("default").withName("p").delete();
        assertThatThrownBy(() -> create(api.client("alice")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage())
                            .startsWith("Internal error occurred: failed calling webhook \"mutate.example.com\": ");
                });
    }
}
