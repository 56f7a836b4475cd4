package io.kubetron.common.signing;

/**
 * What checking a Pod's signature found.
 *
 * @param result valid, or why not
 * @param keyId the key id the signature names (null when it names none readable)
 */
public record Verification(Result result, String keyId) {

    /** The outcomes, each with the reason a Pod condition shows and a metric label. */
    public enum Result {
        /** Made by a key of the set for this Pod's namespace, name (or generateName) and networksSpec. */
        VALID("Verified", "valid"),
        /** A networksSpec without a signature. */
        MISSING("SignatureMissing", "missing"),
        /** Not {@code v1.<key id>.<base64url HMAC>}. */
        MALFORMED("SignatureMalformed", "malformed"),
        /** Well formed, but made with a key the set does not hold (removed, or not yet seen here). */
        UNKNOWN_KEY("SigningKeyUnknown", "unknown_key"),
        /** Made for another namespace, name or networksSpec (copied from another Pod, or changed after admission). */
        MISMATCH("SignatureMismatch", "mismatch");

        private final String reason;
        private final String label;

        Result(String reason, String label) {
            this.reason = reason;
            this.label = label;
        }

        /** A CamelCase reason, as Kubernetes conditions and Events carry. */
        public String reason() {
            return reason;
        }

        /** A lower-case metric label value. */
        public String label() {
            return label;
        }
    }

    public boolean valid() {
        return result == Result.VALID;
    }
}
