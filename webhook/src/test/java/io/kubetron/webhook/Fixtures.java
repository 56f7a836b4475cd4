package io.kubetron.webhook;

import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the AdmissionReview fixtures (shaped as the API server sends them) and applies answers to them. */
final class Fixtures {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String name) {
        return JSON.readTree(bytes(name));
    }

    /** The fixture with its request's fields changed, as JSON bytes. */
    static byte[] with(String name, java.util.function.Consumer<tools.jackson.databind.node.ObjectNode> edit) {
        tools.jackson.databind.node.ObjectNode root = (tools.jackson.databind.node.ObjectNode) tree(name);
        edit.accept((tools.jackson.databind.node.ObjectNode) root.get("request"));
        return JSON.writeValueAsBytes(root);
    }

    /** The decoded JSONPatch of an AdmissionReview response, or null. */
    static JsonNode patch(JsonNode review) {
        JsonNode p = review.path("response").path("patch");
        if (p.isMissingNode() || p.isNull()) {
            return null;
        }
        return JSON.readTree(new String(Base64.getDecoder().decode(p.asString()), StandardCharsets.UTF_8));
    }

    /** Applies the response's patch to the request's object, as the API server would. */
    static JsonNode patchedPod(JsonNode request, JsonNode review) {
        JsonNode pod = request.path("request").path("object");
        JsonNode patch = patch(review);
        return patch == null ? pod : JsonPatch.apply(patch, pod);
    }
}
