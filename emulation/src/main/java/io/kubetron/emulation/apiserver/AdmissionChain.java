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

    /**
     * Admission refused: by the webhook, by a matchCondition that failed under failurePolicy Fail, or because the
     * webhook could not be reached and its failurePolicy is Fail. Carries the metav1 Status the API server answers.
     */
    public static final class DeniedException extends RuntimeException {
        private final int code;
        private final String reason;

        /** A refusal with code 403, reason Forbidden. */
        public DeniedException(String message) {
            this(403, "Forbidden", message);
        }

        public DeniedException(int code, String reason, String message) {
            super(message);
            this.code = code;
            this.reason = reason;
        }

        /** The HTTP code of the Status. */
        public int code() {
            return code;
        }

        /** The Status reason, e.g. Forbidden or InternalError. */
        public String reason() {
            return reason;
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

    /**
     * matchConditions that fail to evaluate under failurePolicy Fail refuse the request with 403 {@code pods "<name>"
     * is forbidden: <errors>} ({@code staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/generic/webhook.go}
     * {@code ShouldCallHook}: {@code apierrors.NewForbidden}); under Ignore the webhook is skipped ({@link
     * MatchConditions}).
     */
    private static boolean applies(
            MutatingWebhook w, String operation, Map<String, String> ns, Pod object, Pod old, UserInfo user) {
        try {
            return WebhookRules.applies(w, operation, ns, object, old, user);
        } catch (WebhookRules.MatchConditionException e) {
            Pod subject = object != null ? object : old;
            throw new DeniedException(403, "Forbidden", forbidden(subject, e.getMessage()));
        }
    }

    /** DELETE by a cluster administrator: the webhooks see the Pod as oldObject; nothing is patched. */
    public void delete(Pod pod, Map<String, String> namespaceLabels) {
        delete(pod, namespaceLabels, UserInfo.admin());
    }

    /** DELETE by {@code user}. */
    public void delete(Pod pod, Map<String, String> namespaceLabels, UserInfo user) {
        for (MutatingWebhook w : config.getWebhooks()) {
            if (applies(w, "DELETE", namespaceLabels, null, pod, user)) {
                call(w, "DELETE", null, pod, user);
            }
        }
    }

    /** apierrors.NewForbidden's wording; a Pod without a name yet is named by its generateName, else Unknown. */
    private static String forbidden(Pod p, String message) {
        String name = p.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            name = p.getMetadata().getGenerateName();
        }
        if (name == null || name.isEmpty()) {
            name = "Unknown";
        }
        return "pods \"" + name + "\" is forbidden: " + message;
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
            throw new DeniedException(500, "InternalError", "interrupted while calling webhook " + w.getName());
        }
        if (!response.path("allowed").asBoolean(false)) {
            throw denied(w, subject, response.path("status"));
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

    /**
     * A webhook's refusal as {@code staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/errors/statuserror.go}
     * {@code ToStatusErr} words it: the webhook's code (403 when it gives none) and reason, the message {@code pods
     * "<name>" is forbidden: admission webhook "<webhook>" denied the request: <message>} ({@code Internal error
     * occurred: ...} for a 500).
     */
    private static DeniedException denied(MutatingWebhook w, Pod subject, JsonNode status) {
        int code = status.path("code").asInt(0);
        if (code == 0) {
            code = 403;
        }
        String deniedBy = "admission webhook \"" + w.getName() + "\" denied the request";
        String message = status.path("message").asString("");
        String reason = status.path("reason").asString("");
        String text = !message.isEmpty()
                ? deniedBy + ": " + message
                : !reason.isEmpty() ? deniedBy + ": " + reason : deniedBy + " without explanation";
        if (reason.isEmpty()) {
            reason = code == 500 ? "InternalError" : "Forbidden";
        }
        return new DeniedException(
                code, reason, code == 500 ? "Internal error occurred: " + text : forbidden(subject, text));
    }

    /**
     * A call that failed: under Ignore the request goes on unpatched; under Fail it is refused with 500 {@code
     * Internal error occurred: failed calling webhook "<name>": <why>} ({@code .../webhook/mutating/dispatcher.go}:
     * {@code apierrors.NewInternalError} of an {@code ErrCallingWebhook}).
     */
    private Pod failed(MutatingWebhook w, String operation, Pod subject, String why) {
        if ("Ignore".equals(w.getFailurePolicy())) {
            return operation.equals("CREATE") ? subject : null;
        }
        throw new DeniedException(
                500,
                "InternalError",
                "Internal error occurred: failed calling webhook \"" + w.getName() + "\": " + why);
    }

    private JsonNode tree(Pod pod) {
        return JSON.readTree(serialization.asJson(pod));
    }
}
