package io.kubetron.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] b64(int n) {
        return text(Base64.getEncoder().encodeToString(new byte[n]) + "\n");
    }

    @Test
    void keysAndPrimaryAreRead() {
        SigningKeys k = SigningKeys.fromFiles(Map.of("k1", b64(32), "k-2_b", b64(48), "primary", text("k-2_b\n")));
        assertThat(k.ids()).containsExactly("k-2_b", "k1");
        assertThat(k.primary()).isEqualTo("k-2_b");
        assertThat(k.toString()).isEqualTo("SigningKeys[k-2_b, k1] primary=k-2_b");
    }

    @Test
    void urlSafeBase64IsReadToo() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0xfb);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        assertThat(url).contains("-");
        assertThat(SigningKeys.fromFiles(Map.of("k", text(url), "primary", text("k")))
                        .ids())
                .containsExactly("k");
    }

    @Test
    void everyProblemIsNamedAndNoKeyIsShown() {
        String secret = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SigningKeys.fromFiles(Map.of(
                        "short", text(secret),
                        "bad.name", b64(32),
                        "notb64", text("%%%%"),
                        "primary", text("gone"))))
                .isInstanceOf(SigningKeysException.class)
                .hasMessageContaining("key short has 16 bytes, at least 32")
                .hasMessageContaining("file bad.name is neither primary nor a key id")
                .hasMessageContaining("key notb64 is not base64")
                .hasMessageContaining("primary names key 'gone', which is not in the set")
                .message()
                .doesNotContain(secret);
    }

    @Test
    void aSetNeedsAKeyAndAPrimary() {
        assertThatThrownBy(() -> SigningKeys.fromFiles(Map.of()))
                .hasMessageContaining("no key file")
                .hasMessageContaining("no file primary");
        assertThatThrownBy(() -> SigningKeys.fromFiles(Map.of("k1", b64(32))))
                .hasMessage("no file primary naming the key to sign with");
    }

    @Test
    void aHugeFileIsNoKey() {
        assertThatThrownBy(() -> SigningKeys.fromFiles(Map.of("k1", new byte[5000], "primary", text("k1"))))
                .hasMessageContaining("too large");
    }
}
