package io.kubetron.common.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks the networksSpec annotation of a Pod: {@code v1.<key id>.<HMAC-SHA256, base64url without
 * padding>} over a canonical message binding the format, the namespace, the name (or, for a Pod admitted before its
 * name was generated, the {@code generateName}) and the exact annotation text, which carries the port ids, MACs and
 * networks. Pure functions; thread-safe.
 *
 * <p>Message v1: the fields {@code "kubetron networks signature"}, {@code "v1"}, the namespace, {@code "name"} or
 * {@code "generateName"}, its value, and the networksSpec text, each written as a netstring ({@code <length in UTF-8
 * bytes>:<bytes>,}), so no choice of field contents can make two different field lists give one message.
 */
public final class NetworksSignature {
    /** The format, first part of every signature. */
    public static final String VERSION = "v1";

    static final String MAC = "HmacSHA256";
    private static final String DOMAIN = "kubetron networks signature";
    private static final int MAC_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private NetworksSignature() {}

    /**
     * The signature of {@code networksSpec} for {@code pod}, with the primary key: bound to the name when the Pod has
     * one, else to its {@code generateName}.
     *
     * @throws IllegalArgumentException when the Pod has neither a name nor a generateName
     */
    public static String sign(SigningKeys keys, SignedPod pod, String networksSpec) {
        String kind;
        String value;
        if (!pod.name().isEmpty()) {
            kind = "name";
            value = pod.name();
        } else if (!pod.generateName().isEmpty()) {
            kind = "generateName";
            value = pod.generateName();
        } else {
            throw new IllegalArgumentException("a Pod without name and generateName cannot be signed for");
        }
        String id = keys.primary();
        byte[] mac = mac(keys.key(id), message(pod.namespace(), kind, value, networksSpec));
        return VERSION + "." + id + "." + B64.encodeToString(mac);
    }

    /**
     * Whether {@code signature} was made by a key of {@code keys} for this Pod and this networksSpec text. A Pod with
     * a generated name is checked against its name and, failing that, against the {@code generateName} it was
     * admitted with (when the name starts with that prefix as a generated one does).
     *
     * @param signature the annotation's value, or null when the Pod has none
     */
    public static Verification verify(SigningKeys keys, SignedPod pod, String networksSpec, String signature) {
        if (signature == null || signature.isEmpty()) {
            return new Verification(Verification.Result.MISSING, null);
        }
        String[] parts = signature.split("\\.", -1);
        if (parts.length != 3
                || !VERSION.equals(parts[0])
                || !SigningKeys.KEY_ID.matcher(parts[1]).matches()) {
            return new Verification(Verification.Result.MALFORMED, null);
        }
        String id = parts[1];
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return new Verification(Verification.Result.MALFORMED, id);
        }
        if (given.length != MAC_BYTES || parts[2].endsWith("=")) {
            return new Verification(Verification.Result.MALFORMED, id);
        }
        SecretKeySpec key = keys.key(id);
        if (key == null) {
            return new Verification(Verification.Result.UNKNOWN_KEY, id);
        }
        boolean ok = !pod.name().isEmpty()
                && MessageDigest.isEqual(given, mac(key, message(pod.namespace(), "name", pod.name(), networksSpec)));
        if (!ok && pod.nameFromGenerateName()) {
            ok = MessageDigest.isEqual(
                    given, mac(key, message(pod.namespace(), "generateName", pod.generateName(), networksSpec)));
        }
        return new Verification(ok ? Verification.Result.VALID : Verification.Result.MISMATCH, id);
    }

    /** The key id a signature names, if it is well formed enough to name one (for messages and rotation checks). */
    public static java.util.Optional<String> keyId(String signature) {
        if (signature == null) {
            return java.util.Optional.empty();
        }
        String[] parts = signature.split("\\.", -1);
        return parts.length == 3
                        && VERSION.equals(parts[0])
                        && SigningKeys.KEY_ID.matcher(parts[1]).matches()
                ? java.util.Optional.of(parts[1])
                : java.util.Optional.empty();
    }

    static byte[] message(String namespace, String kind, String value, String networksSpec) {
        StringBuilder b = new StringBuilder();
        for (String field :
                new String[] {DOMAIN, VERSION, namespace, kind, value, networksSpec == null ? "" : networksSpec}) {
            b.append(field.getBytes(StandardCharsets.UTF_8).length)
                    .append(':')
                    .append(field)
                    .append(',');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            // every JDK has HmacSHA256 (a required algorithm of the platform)
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
