package io.kubetron.node.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubetron.common.signing.SigningKeys;
import io.kubetron.common.signing.Verification.Result;
import io.kubetron.model.Annotations;
import io.kubetron.testkit.signing.TestSigning;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpecCheckTest {
    private static final String SPEC =
            "{\"red\":{\"portName\":\"red-abcdefghij\",\"portID\":\"p1\"," + "\"macAddress\":\"0a:58:0a:01:00:05\"}}";

    private static Pod pod(String ns, String name, String generateName, String spec, String signature) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .withGenerateName(generateName)
                .withUid("uid-" + name)
                .addToAnnotations(Annotations.NETWORKS_SPEC, spec)
                .endMetadata();
        if (signature != null) {
            b.editMetadata()
                    .addToAnnotations(Annotations.NETWORKS_SIGNATURE, signature)
                    .endMetadata();
        }
        return b.build();
    }

    @Test
    void aPodSignedForItselfPassesAndIsCheckedOnce() {
        SpecCheck check = new SpecCheck(TestSigning.supplier());
        Pod web = pod("a", "web", null, SPEC, TestSigning.sign("a", "web", SPEC));
        assertThat(check.check(web).verification().result()).isEqualTo(Result.VALID);
        assertThat(check.check(web).first()).isFalse();
        Pod generated = pod("a", "web-x7k2p", "web-", SPEC, TestSigning.signGenerated("a", "web-", SPEC));
        assertThat(check.check(generated).verification().valid()).isTrue();
    }

    @Test
    void aCopyToAnotherNamespaceOrAnUnsignedPodFails() {
        SpecCheck check = new SpecCheck(TestSigning.supplier());
        String sig = TestSigning.sign("a", "web", SPEC);
        SpecCheck.Checked copy = check.check(pod("b", "web", null, SPEC, sig));
        assertThat(copy.verification().result()).isEqualTo(Result.MISMATCH);
        assertThat(copy.first()).isTrue();
        assertThat(check.check(pod("b", "web", null, SPEC, sig)).first())
                .as("the same rejection again is not new")
                .isFalse();
        assertThat(check.check(pod("b", "other", null, SPEC, null))
                        .verification()
                        .result())
                .isEqualTo(Result.MISSING);
    }

    @Test
    void aPassedTextIsRememberedAcrossKeyRemovalUntilItChangesOrIsForgotten() {
        SigningKeys k1 = TestSigning.keys();
        SigningKeys k2 = SigningKeys.fromFiles(Map.of(
                "k2", Base64.getEncoder().encode(new byte[32]), "primary", "k2".getBytes(StandardCharsets.US_ASCII)));
        AtomicReference<SigningKeys> keys = new AtomicReference<>(k1);
        SpecCheck check = new SpecCheck(keys::get);
        Pod web = pod("a", "web", null, SPEC, TestSigning.sign("a", "web", SPEC));
        assertThat(check.check(web).verification().valid()).isTrue();
        keys.set(k2);
        assertThat(check.check(web).verification().valid())
                .as("plugged Pods stay")
                .isTrue();
        // its annotation changed (a PATCH): checked again, against the keys now
        Pod patched = pod("a", "web", null, SPEC.replace("p1", "p2"), TestSigning.sign("a", "web", SPEC));
        assertThat(check.check(patched).verification().result()).isEqualTo(Result.UNKNOWN_KEY);
        check.forget("uid-web");
        assertThat(check.check(web).verification().result()).isEqualTo(Result.UNKNOWN_KEY);
    }

    @Test
    void everyRejectionSaysWhatWasFound() {
        assertThat(RejectionMessage.of(
                        new io.kubetron.common.signing.Verification(Result.UNKNOWN_KEY, "k1"),
                        java.util.List.of("k2", "k3")))
                .startsWith("networksSpec rejected, nothing plugged: ")
                .contains("key 'k1'")
                .contains("(keys: k2, k3)");
        for (Result r : new Result[] {Result.MISSING, Result.MALFORMED, Result.MISMATCH}) {
            assertThat(RejectionMessage.of(new io.kubetron.common.signing.Verification(r, null), java.util.List.of()))
                    .startsWith("networksSpec rejected, nothing plugged: ");
        }
    }
}
