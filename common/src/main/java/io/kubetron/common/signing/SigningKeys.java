package io.kubetron.common.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * A set of HMAC keys by key id, one of them the primary (the one new signatures are made with); the others still
 * verify, which is what lets a key be rotated without downtime. Made from the files of a key directory: one file per
 * key id holding at least {@value #MIN_KEY_BYTES} random bytes in base64, and {@value #PRIMARY} holding the primary's
 * id. Immutable and thread-safe; {@link #toString()} shows key ids only.
 */
public final class SigningKeys {
    /** The file naming the key signatures are made with. */
    public static final String PRIMARY = "primary";
    /** HMAC-SHA256's own output size: shorter keys would be the weakest link. */
    public static final int MIN_KEY_BYTES = 32;
    /** A Secret's key without '.', which separates the parts of a signature. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    /** A key file's text is a few dozen characters: anything much larger is not one. */
    static final int MAX_FILE_BYTES = 4096;

    private static final Pattern BASE64_STD = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern BASE64_URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");

    private final Map<String, SecretKeySpec> keys;
    private final String primary;

    private SigningKeys(Map<String, SecretKeySpec> keys, String primary) {
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
        this.primary = primary;
    }

    /**
     * The key set of a key directory's files (name to content).
     *
     * @throws SigningKeysException naming every problem: no key, no or a wrong {@value #PRIMARY}, a file name that is
     *     no key id, a key that is not base64 or too short
     */
    public static SigningKeys fromFiles(Map<String, byte[]> files) {
        List<String> problems = new ArrayList<>();
        Map<String, SecretKeySpec> keys = new TreeMap<>();
        String primary = null;
        for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
            String name = f.getKey();
            if (f.getValue().length > MAX_FILE_BYTES) {
                problems.add("file " + name + " is " + f.getValue().length + " bytes, too large for a key file");
                continue;
            }
            String text = new String(f.getValue(), StandardCharsets.US_ASCII).strip();
            if (name.equals(PRIMARY)) {
                primary = text;
            } else if (!KEY_ID.matcher(name).matches()) {
                problems.add("file " + name + " is neither " + PRIMARY + " nor a key id (" + KEY_ID.pattern() + ")");
            } else {
                byte[] key = decode(text);
                if (key == null) {
                    problems.add("key " + name + " is not base64");
                } else if (key.length < MIN_KEY_BYTES) {
                    problems.add("key " + name + " has " + key.length + " bytes, at least " + MIN_KEY_BYTES
                            + " random bytes are needed");
                } else {
                    keys.put(name, new SecretKeySpec(key, NetworksSignature.MAC));
                }
            }
        }
        if (keys.isEmpty() && problems.isEmpty()) {
            problems.add("no key file");
        }
        if (primary == null) {
            problems.add("no file " + PRIMARY + " naming the key to sign with");
        } else if (!keys.containsKey(primary) && !files.containsKey(primary)) {
            // (a primary whose own file has a problem is named by that problem)
            problems.add(PRIMARY + " names key '" + primary + "', which is not in the set (keys: "
                    + String.join(", ", keys.keySet()) + ")");
        }
        if (!problems.isEmpty()) {
            throw new SigningKeysException(String.join("; ", problems));
        }
        return new SigningKeys(keys, primary);
    }

    private static byte[] decode(String text) {
        try {
            if (BASE64_STD.matcher(text).matches()) {
                return Base64.getDecoder().decode(text);
            }
            if (BASE64_URL.matcher(text).matches()) {
                return Base64.getUrlDecoder().decode(text);
            }
        } catch (IllegalArgumentException e) {
            // bad padding: not base64
        }
        return null;
    }

    /** The id of the key signatures are made with. */
    public String primary() {
        return primary;
    }

    /** Every key id, sorted. */
    public SortedSet<String> ids() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(keys.keySet()));
    }

    /** The key with this id, or null. */
    SecretKeySpec key(String id) {
        return keys.get(id);
    }

    @Override
    public String toString() {
        return "SigningKeys" + keys.keySet() + " primary=" + primary;
    }
}
