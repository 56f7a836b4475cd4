package io.kubetron.webhook.review;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads admission.k8s.io/v1 AdmissionReview requests and writes their responses. The Pods are read as fabric8 models
 * (unknown fields are kept or ignored, never fatal); the review envelope is read as a tree so that nothing depends on
 * how a model types {@code request.object}. Thread-safe.
 */
public final class ReviewCodec {
    /** The API group/version of the reviews the webhook speaks ({@code admissionReviewVersions: ["v1"]}). */
    public static final String API_VERSION = "admission.k8s.io/v1";

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

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
            throw new InvalidReviewException("the body is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidReviewException("the body is not a JSON object");
        }
        String kind = root.path("kind").asString("");
        if (!"AdmissionReview".equals(kind)) {
            throw new InvalidReviewException("expected kind AdmissionReview, got '" + kind + "'");
        }
        String apiVersion = root.path("apiVersion").asString("");
        if (!API_VERSION.equals(apiVersion)) {
            throw new InvalidReviewException("expected apiVersion " + API_VERSION + ", got '" + apiVersion
                    + "' (configure admissionReviewVersions: [v1])");
        }
        JsonNode r = root.path("request");
        if (!r.isObject()) {
            throw new InvalidReviewException("the AdmissionReview has no request");
        }
        String uid = r.path("uid").asString("");
        if (uid.isEmpty()) {
            throw new InvalidReviewException("the AdmissionReview request has no uid");
        }
        String namespace = r.path("namespace").asString("");
        Pod object = pod(r.path("object"), "object");
        Pod oldObject = pod(r.path("oldObject"), "oldObject");
        if (namespace.isEmpty()
                && object != null
                && object.getMetadata() != null
                && object.getMetadata().getNamespace() != null) {
            namespace = object.getMetadata().getNamespace();
        }
        return new ReviewRequest(
                uid,
                r.path("operation").asString(""),
                r.path("resource").path("resource").asString(""),
                r.path("subResource").asString(""),
                namespace,
                r.path("name").asString(""),
                r.path("dryRun").asBoolean(false),
                object,
                oldObject);
    }

    private Pod pod(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidReviewException("request." + field + " is not an object");
        }
        String kind = node.path("kind").asString("Pod");
        if (!"Pod".equals(kind)) {
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
