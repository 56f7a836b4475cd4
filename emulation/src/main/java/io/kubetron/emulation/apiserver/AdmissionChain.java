package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's mutating admission for Pods, emulated: for each webhook of the configuration that
 * {@link WebhookRules applies}, an {@code admission.k8s.io/v1} AdmissionReview is POSTed over HTTPS (the server
 * certificate verified against the configuration's CA) within the webhook's {@code timeoutSeconds}; a denial stops the
 * request with the webhook's message; a JSONPatch answer is applied to the object; a call that fails follows the
 * webhook's {@code failurePolicy} (Fail stops the request, Ignore goes on). Thread-safe.
 */
public final class AdmissionChain {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutatingWebhookConfiguration config;
    private final URI webhookBase;
    private final HttpClient http;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Admission refused: by the webhook, or because it could not be reached and its failurePolicy is Fail. */
    public static final class DeniedException extends RuntimeException {
        public DeniedException(String message) {
            super(message);
        }
    }

    /**
     * @param webhookBase where the configuration's service is reachable ({@code https://127.0.0.1:PORT}): the
     *     emulation has no Service network, so the service reference is mapped to it; the path stays the
     *     configuration's
     * @param trust trusts the CA that signed the webhook's serving certificate (the configuration's caBundle)
     */
    public AdmissionChain(MutatingWebhookConfiguration config, URI webhookBase, SSLContext trust) {
        this.config = config;
        this.webhookBase = webhookBase;
        this.http = HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** CREATE by a cluster administrator: the Pod as admitted (patched), or {@link DeniedException}. */
    public Pod create(Pod pod, Map<String, String> namespaceLabels) {
        return create(pod, namespaceLabels, UserInfo.admin());
    }

    /** CREATE by {@code user}: the Pod as admitted (patched), or {@link DeniedException}. */
    public Pod create(Pod pod, Map<String, String> namespaceLabels, UserInfo user) {
        Pod current = pod;
        for (MutatingWebhook w : config.getWebhooks()) {
            if (applies(w, "CREATE", namespaceLabels, current, null, user)) {
                current = call(w, "CREATE", current, null, user);
            }
        }
        return current;
    }

    /** matcher.go: a matchCondition error rejects the request under failurePolicy Fail, skips the webhook else. */
    private static boolean applies(
            MutatingWebhook w, String operation, Map<String, String> ns, Pod object, Pod old, UserInfo user) {
        try {
            return WebhookRules.applies(w, operation, ns, object, old, user);
        } catch (WebhookRules.MatchConditionException e) {
            if ("Ignore".equals(w.getFailurePolicy())) {
                return false;
            }
            throw new DeniedException(
                    "Internal error occurred: failed calling webhook \"" + w.getName() + "\": " + e.getMessage());
        }
    }

    /** DELETE: the webhooks see the Pod as oldObject; nothing is patched. */
    public void delete(Pod pod, Map<String, String> namespaceLabels) {
        for (MutatingWebhook w : config.getWebhooks()) {
            if (applies(w, "DELETE", namespaceLabels, null, pod, UserInfo.admin())) {
                call(w, "DELETE", null, pod, UserInfo.admin());
            }
        }
    }

    private Pod call(MutatingWebhook w, String operation, Pod object, Pod oldObject, UserInfo user) {
        Pod subject = object != null ? object : oldObject;
        String uid = UUID.randomUUID().toString();
        ObjectNode request = JSON.createObjectNode();
        request.put("uid", uid);
        request.set(
                "kind",
                JSON.createObjectNode().put("group", "").put("version", "v1").put("kind", "Pod"));
        request.set(
                "resource",
                JSON.createObjectNode().put("group", "").put("version", "v1").put("resource", "pods"));
        request.put("name", subject.getMetadata().getName());
        request.put("namespace", subject.getMetadata().getNamespace());
        request.put("operation", operation);
        request.set("userInfo", JSON.valueToTree(user.toCel()));
        request.set("object", object == null ? JSON.nullNode() : tree(object));
        request.set("oldObject", oldObject == null ? JSON.nullNode() : tree(oldObject));
        request.put("dryRun", false);
        ObjectNode review =
                JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", request);
        int timeout = w.getTimeoutSeconds() == null ? 10 : w.getTimeoutSeconds();
        URI url = webhookBase.resolve(w.getClientConfig().getService().getPath());
        JsonNode response;
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(timeout))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(review)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
            }
            response = JSON.readTree(r.body()).path("response");
            if (!uid.equals(response.path("uid").asString(""))) {
                throw new IOException("the response's uid does not match the request's");
            }
        } catch (IOException | RuntimeException e) {
            return failed(w, operation, subject, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeniedException("interrupted while calling webhook " + w.getName());
        }
        if (!response.path("allowed").asBoolean(false)) {
            throw new DeniedException("admission webhook \"" + w.getName() + "\" denied the request: "
                    + response.path("status").path("message").asString("no reason given"));
        }
        if (object == null || !response.hasNonNull("patch")) {
            return object;
        }
        if (!"JSONPatch".equals(response.path("patchType").asString(""))) {
            return failed(w, operation, subject, "unsupported patchType " + response.path("patchType"));
        }
        JsonNode patch = JSON.readTree(
                new String(Base64.getDecoder().decode(response.path("patch").asString()), StandardCharsets.UTF_8));
        JsonNode patched = JsonPatch.apply(patch, tree(object));
        return serialization.unmarshal(JSON.writeValueAsString(patched), Pod.class);
    }

    private Pod failed(MutatingWebhook w, String operation, Pod subject, String why) {
        if ("Ignore".equals(w.getFailurePolicy())) {
            return operation.equals("CREATE") ? subject : null;
        }
        throw new DeniedException("Internal error occurred: failed calling webhook \"" + w.getName() + "\": " + why);
    }

    private JsonNode tree(Pod pod) {
        return JSON.readTree(serialization.asJson(pod));
    }
}
