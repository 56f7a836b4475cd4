package io.kubetron.testkit.signing;

import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.common.signing.NetworksSignature;
import io.kubetron.common.signing.SignedPod;
import io.kubetron.common.signing.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The tests' networks-signing key set: one fixed key (not a secret: it signs nothing outside tests), so a test can
 * sign a networksSpec it writes by hand as the webhook would, and hand the same set to a webhook or node agent it
 * starts ({@link #writeTo}).
 */
public final class TestSigning {
    public static final String KEY_ID = "test-1";
    private static final byte[] KEY = "kubetron test key, never secret!".getBytes(StandardCharsets.US_ASCII);
    private static final SigningKeys KEYS = SigningKeys.fromFiles(Map.of(
            KEY_ID, Base64.getEncoder().encode(KEY), SigningKeys.PRIMARY, KEY_ID.getBytes(StandardCharsets.US_ASCII)));

    private TestSigning() {}

    public static SigningKeys keys() {
        return KEYS;
    }

    /** The set as a component takes it. */
    public static Supplier<SigningKeys> supplier() {
        return () -> KEYS;
    }

    /** Writes the set into {@code dir} as a key directory. @return {@code dir} */
    public static Path writeTo(Path dir) {
        KeySetDirectory.writeKey(dir, KEY_ID, KEY);
        KeySetDirectory.setPrimary(dir, KEY_ID);
        return dir;
    }

    /** The signature the webhook writes for a Pod created with this name. */
    public static String sign(String namespace, String name, String networksSpec) {
        return NetworksSignature.sign(KEYS, new SignedPod(namespace, name, null), networksSpec);
    }

    /** The signature the webhook writes for a Pod created with {@code generateName} (its name not made yet). */
    public static String signGenerated(String namespace, String generateName, String networksSpec) {
        return NetworksSignature.sign(KEYS, new SignedPod(namespace, null, generateName), networksSpec);
    }
}
