package io.kubetron.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetron.common.signing.Verification.Result;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworksSignatureTest {
    static final String SPEC =
            "{\"red\":{\"portName\":\"red-abcdefghij\",\"portID\":\"5b1c9a4e-0000-4000-8000-00000000a1b2\","
                    + "\"macAddress\":\"0a:58:0a:01:00:05\",\"fixedIPs\":[\"10.1.0.5\"]}}";
    private static final SignedPod WEB = new SignedPod("tenant-a", "web", null);

    static SigningKeys keys(String primary, String... ids) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        for (String id : ids) {
            files.put(id, key(id));
        }
        files.put("primary", primary.getBytes(StandardCharsets.US_ASCII));
        return SigningKeys.fromFiles(files);
    }

    /** A fixed 32-byte key per id, base64 as in a key file. */
    static byte[] key(String id) {
        byte[] k = new byte[32];
        byte[] idb = id.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (idb[i % idb.length] * 31 + i);
        }
        return Base64.getEncoder().encode(k);
    }

    @Test
    void aSignatureVerifiesForThePodAndTheSpecItWasMadeFor() {
        SigningKeys keys = keys("k1", "k1");
        String sig = NetworksSignature.sign(keys, WEB, SPEC);
        assertThat(sig).matches("v1\\.k1\\.[A-Za-z0-9_-]{43}");
        assertThat(NetworksSignature.verify(keys, WEB, SPEC, sig)).isEqualTo(new Verification(Result.VALID, "k1"));
        assertThat(NetworksSignature.keyId(sig)).contains("k1");
    }

    @Test
    void aChangedSpecDoesNotVerify() {
        SigningKeys keys = keys("k1", "k1");
        String sig = NetworksSignature.sign(keys, WEB, SPEC);
        String otherPort = SPEC.replace("a1b2", "a1b3");
        String otherMac = SPEC.replace("0a:58:0a:01:00:05", "0a:58:0a:01:00:06");
        for (String tampered : new String[] {otherPort, otherMac, SPEC + " ", SPEC.replace("red", "blue"), ""}) {
            assertThat(NetworksSignature.verify(keys, WEB, tampered, sig).result())
                    .as(tampered)
                    .isEqualTo(Result.MISMATCH);
        }
    }

    @Test
    void aSignatureCopiedToAPodOfAnotherNamespaceOrNameDoesNotVerify() {
        SigningKeys keys = keys("k1", "k1");
        String sig = NetworksSignature.sign(keys, WEB, SPEC);
        assertThat(NetworksSignature.verify(keys, new SignedPod("tenant-b", "web", null), SPEC, sig)
                        .result())
                .isEqualTo(Result.MISMATCH);
        assertThat(NetworksSignature.verify(keys, new SignedPod("tenant-a", "web2", null), SPEC, sig)
                        .result())
                .isEqualTo(Result.MISMATCH);
        // fields cannot be shifted into one another: namespace "tenant-aw" with name "eb" is another Pod
        assertThat(NetworksSignature.verify(keys, new SignedPod("tenant-aw", "eb", null), SPEC, sig)
                        .result())
                .isEqualTo(Result.MISMATCH);
    }

    @Test
    void aPodAdmittedWithGenerateNameVerifiesWithTheNameTheApiServerGaveIt() {
        SigningKeys keys = keys("k1", "k1");
        String sig = NetworksSignature.sign(keys, new SignedPod("tenant-a", "", "web-6d4cf56db6-"), SPEC);
        assertThat(NetworksSignature.verify(
                                keys, new SignedPod("tenant-a", "web-6d4cf56db6-x7k2p", "web-6d4cf56db6-"), SPEC, sig)
                        .result())
                .isEqualTo(Result.VALID);
        // another prefix, or a name not made from it, or another namespace: no
        assertThat(NetworksSignature.verify(keys, new SignedPod("tenant-a", "api-x7k2p", "api-"), SPEC, sig)
                        .result())
                .isEqualTo(Result.MISMATCH);
        assertThat(NetworksSignature.verify(keys, new SignedPod("tenant-a", "other", "web-6d4cf56db6-"), SPEC, sig)
                        .result())
                .isEqualTo(Result.MISMATCH);
        assertThat(NetworksSignature.verify(
                                keys, new SignedPod("tenant-b", "web-6d4cf56db6-x7k2p", "web-6d4cf56db6-"), SPEC, sig)
                        .result())
                .isEqualTo(Result.MISMATCH);
        // a signature bound to a name does not pass for a generateName of the same text
        String byName = NetworksSignature.sign(keys, new SignedPod("tenant-a", "web-", null), SPEC);
        assertThat(NetworksSignature.verify(keys, new SignedPod("tenant-a", "web-abcde", "web-"), SPEC, byName)
                        .result())
                .isEqualTo(Result.MISMATCH);
    }

    @Test
    void aLongGenerateNameIsCutAsTheApiServerCutsIt() {
        SigningKeys keys = keys("k1", "k1");
        String prefix = "a".repeat(70);
        String sig = NetworksSignature.sign(keys, new SignedPod("ns", null, prefix), SPEC);
        String generated = prefix.substring(0, 58) + "b2c4d";
        assertThat(NetworksSignature.verify(keys, new SignedPod("ns", generated, prefix), SPEC, sig)
                        .result())
                .isEqualTo(Result.VALID);
    }

    @Test
    void theNameWinsOverTheGenerateNameAtSigning() {
        SigningKeys keys = keys("k1", "k1");
        String sig = NetworksSignature.sign(keys, new SignedPod("ns", "fixed", "gen-"), SPEC);
        assertThat(NetworksSignature.verify(keys, new SignedPod("ns", "fixed", "gen-"), SPEC, sig)
                        .valid())
                .isTrue();
        assertThatThrownBy(() -> NetworksSignature.sign(keys, new SignedPod("ns", "", ""), SPEC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyTheSetDoesNotHoldIsNamed() {
        String sig = NetworksSignature.sign(keys("old", "old"), WEB, SPEC);
        assertThat(NetworksSignature.verify(keys("new", "new"), WEB, SPEC, sig))
                .isEqualTo(new Verification(Result.UNKNOWN_KEY, "old"));
    }

    @Test
    void aKeyOfTheSameIdButOtherBytesDoesNotVerify() {
        SigningKeys a = keys("k1", "k1");
        SigningKeys b = SigningKeys.fromFiles(Map.of(
                "k1", Base64.getEncoder().encode(new byte[32]), "primary", "k1".getBytes(StandardCharsets.US_ASCII)));
        assertThat(NetworksSignature.verify(b, WEB, SPEC, NetworksSignature.sign(a, WEB, SPEC))
                        .result())
                .isEqualTo(Result.MISMATCH);
    }

    @Test
    void rotationWithTwoKeys() {
        SigningKeys before = keys("k1", "k1");
        SigningKeys added = keys("k1", "k1", "k2");
        SigningKeys switched = keys("k2", "k1", "k2");
        SigningKeys removed = keys("k2", "k2");
        String old = NetworksSignature.sign(before, WEB, SPEC);
        assertThat(NetworksSignature.sign(added, WEB, SPEC)).isEqualTo(old).startsWith("v1.k1.");
        String fresh = NetworksSignature.sign(switched, WEB, SPEC);
        assertThat(fresh).startsWith("v1.k2.");
        // while both keys are in the set, Pods of either verify
        for (SigningKeys k : new SigningKeys[] {added, switched}) {
            assertThat(NetworksSignature.verify(k, WEB, SPEC, old).valid()).isTrue();
        }
        assertThat(NetworksSignature.verify(switched, WEB, SPEC, fresh).valid()).isTrue();
        // once the old key is gone, only the new Pods do
        assertThat(NetworksSignature.verify(removed, WEB, SPEC, fresh).valid()).isTrue();
        assertThat(NetworksSignature.verify(removed, WEB, SPEC, old).result()).isEqualTo(Result.UNKNOWN_KEY);
    }

    @Test
    void noSignatureIsMissing() {
        SigningKeys keys = keys("k1", "k1");
        assertThat(NetworksSignature.verify(keys, WEB, SPEC, null).result()).isEqualTo(Result.MISSING);
        assertThat(NetworksSignature.verify(keys, WEB, SPEC, "").result()).isEqualTo(Result.MISSING);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x",
                "v1",
                "v1.k1",
                "v2.k1.AAAA",
                "v1..AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v1.k1.AAAA",
                "v1.k1.not*base64",
                "v1.k.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.extra",
                "v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                "V1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                " v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            })
    void malformedValuesAreMalformed(String value) {
        assertThat(NetworksSignature.verify(keys("k1", "k1"), WEB, SPEC, value).result())
                .isEqualTo(Result.MALFORMED);
    }

    @Test
    void aWellFormedSignatureOfNoKeyIsAMismatch() {
        assertThat(NetworksSignature.verify(
                                keys("k1", "k1"), WEB, SPEC, "v1.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                        .result())
                .isEqualTo(Result.MISMATCH);
    }

    @Test
    void theMessageIsLengthPrefixed() {
        assertThat(new String(NetworksSignature.message("ns", "name", "p", "{}"), StandardCharsets.UTF_8))
                .isEqualTo("27:kubetron networks signature,2:v1,2:ns,4:name,1:p,2:{},");
        assertThat(new String(NetworksSignature.message("ns", "name", "é", ""), StandardCharsets.UTF_8))
                .contains(",2:é,0:,");
    }
}
