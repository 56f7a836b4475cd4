package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchConditionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped webhook configuration, evaluated as the emulated API server does. */
class WebhookRulesTest {
    private static final Map<String, String> DEFAULT_NS = Map.of("kubernetes.io/metadata.name", "default");

    private static MutatingWebhookConfiguration shipped() throws Exception {
        try (InputStream in =
                WebhookRulesTest.class.getResourceAsStream("/deploy/webhook/mutatingwebhookconfiguration.yaml")) {
            return new KubernetesSerialization().unmarshal(in, MutatingWebhookConfiguration.class);
        }
    }

    private static Pod pod(Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withNamespace("default")
                .withAnnotations(annotations)
                .endMetadata()
                .build();
    }

    @Test
    void createReachesTheWebhookOnlyForPodsAskingForNetworksOutsideSystemNamespaces() throws Exception {
        MutatingWebhook create = shipped().getWebhooks().get(0);
        Pod asking = pod(Map.of("kubetron.network.kubevirt.io/networks", "red"));
        assertThat(WebhookRules.applies(create, "CREATE", DEFAULT_NS, asking, null))
                .isTrue();
        assertThat(WebhookRules.applies(create, "CREATE", DEFAULT_NS, pod(Map.of()), null))
                .isFalse();
        assertThat(WebhookRules.applies(
                        create, "CREATE", Map.of("kubernetes.io/metadata.name", "kube-system"), asking, null))
                .isFalse();
        assertThat(WebhookRules.applies(
                        create,
                        "CREATE",
                        Map.of(
                                "kubernetes.io/metadata.name",
                                "team",
                                "kubetron.network.kubevirt.io/ignoreAdmission",
                                "true"),
                        asking,
                        null))
                .isFalse();
        assertThat(WebhookRules.applies(create, "DELETE", DEFAULT_NS, null, asking))
                .isFalse();
    }

    @Test
    void noDeleteEverReachesTheWebhook() throws Exception {
        // ports are released when the object is gone, never at DELETE admission (graceful deletion, evictions)
        assertThat(shipped().getWebhooks()).hasSize(1);
        for (MutatingWebhook w : shipped().getWebhooks()) {
            assertThat(WebhookRules.applies(
                            w,
                            "DELETE",
                            DEFAULT_NS,
                            null,
                            pod(Map.of("kubetron.network.kubevirt.io/networksSpec", "{}"))))
                    .isFalse();
        }
    }

    @Test
    void aMatchConditionIsRealCelAndItsErrorsAreErrors() {
        var onNode = new MatchConditionBuilder()
                .withName("on-node")
                .withExpression("has(object.metadata.labels) && object.metadata.labels['a'] == 'b'")
                .build();
        var request = new AdmissionRequest(
                "CREATE", "Pod", "pods", "", "default", "p", tree(pod(Map.of())), null, UserInfo.admin());
        assertThat(WebhookRules.evaluate(onNode, request)).isFalse();
        var byUser = new MatchConditionBuilder()
                .withName("by-user")
                .withExpression("request.userInfo.username.startsWith('kubernetes-')")
                .build();
        assertThat(WebhookRules.evaluate(byUser, request)).isTrue();
        // a field that is not there is an error, not false (has() is how to ask)
        var missing = new MatchConditionBuilder()
                .withName("missing")
                .withExpression("object.metadata.labels['a'] == 'b'")
                .build();
        assertThatThrownBy(() -> WebhookRules.evaluate(missing, request))
                .isInstanceOf(WebhookRules.MatchConditionException.class)
                .hasMessageContaining("missing");
        var notBool = new MatchConditionBuilder()
                .withName("not-bool")
                .withExpression("'x'")
                .build();
        // compile.go checks the output type: a string literal is refused before anything is evaluated
        assertThatThrownBy(() -> WebhookRules.evaluate(notBool, request))
                .hasMessageContaining("must evaluate to bool but got string");
        // a dynamic value is checked when evaluated
        var dynNotBool = new MatchConditionBuilder()
                .withName("dyn-not-bool")
                .withExpression("object.metadata.name")
                .build();
        assertThatThrownBy(() -> WebhookRules.evaluate(dynNotBool, request)).hasMessageContaining("not a bool");
        var bad = new MatchConditionBuilder()
                .withName("bad")
                .withExpression("object.(")
                .build();
        assertThatThrownBy(() -> WebhookRules.evaluate(bad, request)).hasMessageContaining("compilation failed");
    }

    private static tools.jackson.databind.JsonNode tree(Pod p) {
        return new tools.jackson.databind.ObjectMapper().readTree(new KubernetesSerialization().asJson(p));
    }
}
