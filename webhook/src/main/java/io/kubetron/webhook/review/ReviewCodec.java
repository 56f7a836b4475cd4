package io.kubetron.webhook.review;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.async.ByteArrayFeeder;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads admission.k8s.io/v1 AdmissionReview requests and writes their responses. The Pods are read as fabric8 models
 * (unknown fields are kept or ignored, never fatal); the review envelope is read as a tree so that nothing depends on
 * how a model types {@code request.object}, and each envelope field must have its JSON type (a string where a string
 * belongs...). Anyone who reaches the port can send a body, so the parser refuses what no API server sends ({@link
 * #LIMITS}), and {@link #heapEstimate} tells, before anything is built, how much heap reading a body may take. Thread-safe.
 */
public final class ReviewCodec {
    /** The API group/version of the reviews the webhook speaks ({@code admissionReviewVersions: ["v1"]}). */
    public static final String API_VERSION = "admission.k8s.io/v1";
    /** Two Pods at etcd's 1.5 MiB object limit (object and oldObject) and the envelope fit. */
    public static final int MAX_REVIEW_BYTES = 8 * 1024 * 1024;

    /**
     * What a review may contain, far above any Pod an API server stores (etcd keeps objects of at most 1.5 MiB; Pods
     * nest about 20 deep, managedFields included; annotation keys are at most 317 characters): 100 levels, strings of
     * 2 Mi characters, names of 4 Ki, numbers of 64 digits, a million tokens, {@link #MAX_REVIEW_BYTES}; no key twice in an object. Jackson's
     * defaults are far looser (a 500-level nesting, 100 M character strings, unlimited tokens).
     */
    public static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(100)
            .maxStringLength(2 * 1024 * 1024)
            .maxNameLength(4096)
            .maxNumberLength(64)
            .maxTokenCount(1_000_000)
            .maxDocumentLength(MAX_REVIEW_BYTES)
            .build();

    // heap a parse takes per token (a tree node and its fabric8 model together), measured with JDK 25 and fabric8 8:
    // 1 MB of empty containers ({},{},...) retained 138 MB (414 B per object), of unknown empty objects 26 MB, of
    // 5-byte numbers 7 MB, of empty-valued annotations 9.5 MB; a 1 MB string 4.7 MB
    private static final long PER_OBJECT = 512;
    private static final long PER_ARRAY = 96;
    private static final long PER_NAME = 64;
    private static final long PER_VALUE = 48;
    private static final long PER_CHAR = 3;
    // a key twice in one object is refused: which one counts would otherwise be up to each reader
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    // the estimate counts tokens itself: a body of too many is too large (413), not malformed. It keeps no names:
    // duplicate detection holds every key of every open object (about 100 bytes a key, for 13 of body) and the symbol
    // table every distinct name, neither counted by the estimate; the parse proper refuses duplicates
    private static final JsonFactory SCANNER = FACTORY.rebuild()
            .streamReadConstraints(LIMITS.rebuild().maxTokenCount(-1).build())
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
            .build();

    private final JsonMapper json = JsonMapper.builder(FACTORY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * An upper estimate of the heap {@link #read} and the admission after it take for {@code body} ({@link HeapMeter}),
     * stopping as soon as it is above {@code stopAbove} (and then returning it): a body refused for its size is not
     * read to its end.
     *
     * @throws InvalidReviewException when the body is not JSON or breaks {@link #LIMITS}
     */
    public static long heapEstimate(byte[] body, long stopAbove) {
        HeapMeter m = new HeapMeter(stopAbove);
        long cost = m.more(body, 0, body.length);
        return cost > stopAbove ? cost : m.end();
    }

    /**
     * Estimates, while a body arrives and before anything is built, the heap reading it will take: a few bytes per
     * token of JSON, up to 512 for an object (fabric8 models, empty lists and all), by a non-blocking parser that keeps
     * nothing. Real reviews estimate at a few hundred KiB; hostile bodies (a million empty containers) at far more than
     * they are long, so they can be refused after their first few hundred KiB. The parser's {@link #LIMITS} apply,
     * but for the token count: too many tokens is a body too large, not a malformed one. Not thread-safe.
     */
    public static final class HeapMeter {
        private final long stopAbove;
        private final JsonParser parser = SCANNER.createNonBlockingByteArrayParser(ObjectReadContext.empty());
        private long cost;

        /** A meter that stops counting once the estimate is above {@code stopAbove}. */
        public HeapMeter(long stopAbove) {
            this.stopAbove = stopAbove;
        }

        /**
         * Feeds {@code length} more bytes (kept by the caller until the next call).
         *
         * @return the estimate so far
         * @throws InvalidReviewException when the body so far is not JSON or breaks {@link #LIMITS}
         */
        public long more(byte[] body, int offset, int length) {
            cost += 2L * length;
            try {
                ((ByteArrayFeeder) parser.nonBlockingInputFeeder()).feedInput(body, offset, offset + length);
                count();
            } catch (JacksonException e) {
                throw notJson(e);
            }
            return cost;
        }

        /**
         * The body is complete.
         *
         * @return the estimate
         * @throws InvalidReviewException when the body is not whole JSON
         */
        public long end() {
            try {
                parser.nonBlockingInputFeeder().endOfInput();
                count();
                parser.close();
            } catch (JacksonException e) {
                throw notJson(e);
            }
            return cost;
        }

        private void count() {
            for (JsonToken t = parser.nextToken();
                    t != null && t != JsonToken.NOT_AVAILABLE && cost <= stopAbove;
                    t = parser.nextToken()) {
                cost += switch (t) {
                    case START_OBJECT -> PER_OBJECT;
                    case START_ARRAY -> PER_ARRAY;
                    case PROPERTY_NAME ->
                        PER_NAME + PER_CHAR * parser.currentName().length();
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                        PER_VALUE + PER_CHAR * parser.getStringLength();
                    case END_OBJECT, END_ARRAY -> 0;
                    default -> PER_VALUE;
                };
            }
        }
    }

    private static InvalidReviewException notJson(JacksonException e) {
        String why = e instanceof StreamConstraintsException
                ? "the body is beyond what the webhook reads: "
                : "the body is not JSON: ";
        return new InvalidReviewException(why + e.getOriginalMessage(), e);
    }

    /** The shared mapper, also used to build patches. */
    public JsonMapper json() {
        return json;
    }

    /** Parses a review; {@link InvalidReviewException} says what is wrong with it. */
    public ReviewRequest read(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw notJson(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReviewException("the body is not a JSON object");
        }
        String kind = text(root, "kind", "");
        if (!"AdmissionReview".equals(kind)) {
            throw new InvalidReviewException("expected kind AdmissionReview, got '" + kind + "'");
        }
        String apiVersion = text(root, "apiVersion", "");
        if (!API_VERSION.equals(apiVersion)) {
            throw new InvalidReviewException("expected apiVersion " + API_VERSION + ", got '" + apiVersion
                    + "' (configure admissionReviewVersions: [v1])");
        }
        JsonNode r = root.path("request");
        if (!r.isObject()) {
            throw new InvalidReviewException("the AdmissionReview has no request");
        }
        String uid = text(r, "uid", "request.");
        if (uid.isEmpty()) {
            throw new InvalidReviewException("the AdmissionReview request has no uid");
        }
        String namespace = text(r, "namespace", "request.");
        Pod object = pod(r.path("object"), "object");
        Pod oldObject = pod(r.path("oldObject"), "oldObject");
        if (namespace.isEmpty()
                && object != null
                && object.getMetadata() != null
                && object.getMetadata().getNamespace() != null) {
            namespace = object.getMetadata().getNamespace();
        }
        JsonNode resource = r.path("resource");
        if (!resource.isMissingNode() && !resource.isNull() && !resource.isObject()) {
            throw new InvalidReviewException("request.resource is not an object");
        }
        JsonNode dryRun = r.path("dryRun");
        if (!dryRun.isMissingNode() && !dryRun.isNull() && !dryRun.isBoolean()) {
            throw new InvalidReviewException("request.dryRun is not a boolean");
        }
        return new ReviewRequest(
                uid,
                text(r, "operation", "request."),
                text(resource, "resource", "request.resource."),
                text(r, "subResource", "request."),
                namespace,
                text(r, "name", "request."),
                dryRun.asBoolean(false),
                object,
                oldObject);
    }

    /** The string {@code field} of {@code node}, empty when absent or null; anything but a string is refused. */
    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isString()) {
            throw new InvalidReviewException(where + field + " is not a string");
        }
        return v.asString();
    }

    private Pod pod(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidReviewException("request." + field + " is not an object");
        }
        String kind = text(node, "kind", "request." + field + ".");
        if (!kind.isEmpty() && !"Pod".equals(kind)) {
            // the webhook is registered for pods only; anything else passes through untouched
            return null;
        }
        try {
            return json.treeToValue(node, Pod.class);
        } catch (JacksonException e) {
            throw new InvalidReviewException("request." + field + " is not a Pod: " + e.getOriginalMessage(), e);
        }
    }

    /** The AdmissionReview answering request {@code uid}. */
    public byte[] write(String uid, Verdict v) {
        ObjectNode root = json.createObjectNode();
        root.put("apiVersion", API_VERSION);
        root.put("kind", "AdmissionReview");
        ObjectNode resp = root.putObject("response");
        resp.put("uid", uid);
        resp.put("allowed", v.allowed());
        if (!v.allowed() || v.message() != null) {
            ObjectNode status = resp.putObject("status");
            status.put("code", v.code());
            if (v.message() != null) {
                status.put("message", v.message());
            }
            if (!v.allowed()) {
                status.put("status", "Failure");
                status.put("reason", reason(v.code()));
            }
        }
        if (v.patch() != null) {
            resp.put("patchType", "JSONPatch");
            resp.put("patch", Base64.getEncoder().encodeToString(v.patch().getBytes(StandardCharsets.UTF_8)));
        }
        if (!v.warnings().isEmpty()) {
            ArrayNode w = resp.putArray("warnings");
            v.warnings().forEach(w::add);
        }
        return json.writeValueAsBytes(root);
    }

    private static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 422 -> "Invalid";
            case 503 -> "ServiceUnavailable";
            default -> "InternalError";
        };
    }
}
