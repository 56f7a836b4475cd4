package io.kubetron.webhook.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ReviewCodecTest {
    private final ReviewCodec codec = new ReviewCodec();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesWhatIsNotAnAdmissionReviewV1() {
        assertThatThrownBy(() -> codec.read(b("not json")))
                .isInstanceOf(InvalidReviewException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.read(b("[]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() ->
                        codec.read(b("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1beta1\"}")))
                .hasMessageContaining("admissionReviewVersions");
        assertThatThrownBy(() -> codec.read(
                        b("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\"," + "\"request\":{}}")))
                .hasMessageContaining("no uid");
        assertThatThrownBy(() -> codec.read(b("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\","
                        + "\"request\":{\"uid\":\"u\",\"object\":{\"kind\":\"Pod\",\"spec\":{\"containers\":7}}}}")))
                .hasMessageContaining("not a Pod");
    }

    @Test
    void takesTheNamespaceFromThePodWhenTheRequestHasNone() {
        ReviewRequest r = codec.read(b("{\"kind\":\"AdmissionReview\",\"apiVersion\":\"admission.k8s.io/v1\","
                + "\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"namespace\":\"ns1\",\"generateName\":\"g-\"}}}}"));
        assertThat(r.namespace()).isEqualTo("ns1");
        assertThat(r.podDisplay()).isEqualTo("ns1/g-*");
        assertThat(r.dryRun()).isFalse();
    }

    @Test
    void writesDenialsWithStatusAndPatchesBase64() {
        JsonNode deny = codec.json().readTree(codec.write("u1", Verdict.deny(409, "taken")));
        assertThat(deny.at("/response/uid").asString()).isEqualTo("u1");
        assertThat(deny.at("/response/allowed").asBoolean()).isFalse();
        assertThat(deny.at("/response/status/code").asInt()).isEqualTo(409);
        assertThat(deny.at("/response/status/reason").asString()).isEqualTo("Conflict");
        assertThat(deny.at("/response/status/message").asString()).isEqualTo("taken");
        assertThat(deny.has("request")).isFalse();

        JsonNode mutate = codec.json().readTree(codec.write("u2", Verdict.dryRun("[]", List.of("w"))));
        assertThat(mutate.at("/response/patchType").asString()).isEqualTo("JSONPatch");
        assertThat(new String(
                        Base64.getDecoder().decode(mutate.at("/response/patch").asString()), StandardCharsets.UTF_8))
                .isEqualTo("[]");
        assertThat(mutate.at("/response/warnings/0").asString()).isEqualTo("w");
    }

    @Test
    void aDenialNeedsAMessage() {
        assertThatThrownBy(() -> Verdict.deny(400, " ")).isInstanceOf(IllegalArgumentException.class);
    }
}
