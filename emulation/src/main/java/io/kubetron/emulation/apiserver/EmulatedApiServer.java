package io.kubetron.emulation.apiserver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's mock API server (crud mode) with the parts of kube-apiserver's request path that decide who may write
 * what, in the API server's order ({@code kubernetes/kubernetes pkg/kubeapiserver/options/plugins.go}):
 *
 * <ol>
 *   <li>authentication by bearer token ({@link #register}). A token nobody registered gets 401; a request without
 *       an {@code Authorization: Bearer} header is {@code system:anonymous}, as with {@code --anonymous-auth} (on by
 *       default): {@code staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go} leaves
 *       such a request to the next authenticator, and {@code pkg/kubeapiserver/authenticator/config.go} puts
 *       anonymous last with {@code union.NewFailOnError}, so a bad token is never anonymous;
 *   <li>for writes of namespaced core objects (POST, PUT and PATCH of the object or of its {@code status}, DELETE
 *       of the object): the object after the write is computed (the stored one with the patch applied by {@link
 *       Patches}; then {@link UpdateStrategy}, which keeps the stored status of an object write and the stored
 *       spec and owners of a status write), then the mutating webhooks run ({@link AdmissionChain}, Pod CREATE
 *       only), then every ValidatingAdmissionPolicy with its bindings, listed from the store at each request as the
 *       API server's informer holds them ({@link ValidatingPolicies}), then the extra {@link Validator}s;
 *   <li>a refusal answers a metav1 Status with the code, reason and message the API server gives and stores
 *       nothing; otherwise the object admission saw (for a CREATE, the mutated one) is stored, with the store's
 *       resourceVersion check, watch events and generation, and the policies' warnings go back as {@code Warning}
 *       headers.
 * </ol>
 *
 * Differences from kube-apiserver: RBAC is not emulated (every authenticated user may do everything the store
 * does); a Pod CREATE that brings a status keeps it (podStrategy.PrepareForCreate would reset it to Pending), so
 * tests can store running Pods in one request, one without gets Pending and its QoS class as upstream; a namespace that is not stored is taken to exist with only its name
 * label (NamespaceLifecycle would refuse the write); DELETE of a collection and writes of other subresources
 * (binding, eviction, ephemeralcontainers, resize) skip admission; mutating webhooks see CREATE only; no dry run;
 * server-side apply is not supported (415). Thread-safe.
 */
public final class EmulatedApiServer implements AutoCloseable {
    /** The token of {@link #admin()}. */
    public static final String ADMIN_TOKEN = "admin-token";

    private static final Logger LOG = LoggerFactory.getLogger(EmulatedApiServer.class);
    private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATCH_ATTEMPTS = 5;

    /** An admission plugin after the policies: returns a refusal, or empty to let the request on. */
    @FunctionalInterface
    public interface Validator {
        Optional<ValidatingPolicies.Denial> validate(AdmissionRequest request);
    }

    private final Map<String, UserInfo> tokens = new ConcurrentHashMap<>();
    private final List<Validator> validators = new CopyOnWriteArrayList<>();
    private final List<ValidatingPolicies.AuditRecord> audit = new CopyOnWriteArrayList<>();
    private final ValidatingPolicies policies = new ValidatingPolicies(new AdmissionCel());
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final KubernetesMockServer server;
    private final Config base;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private volatile AdmissionChain mutating;

    private EmulatedApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient c = server.createClient()) {
            // no retries of 5xx: here a 500 is a refusal (a webhook that cannot be called, a policy the emulation
            // cannot run), never a passing fault, and fabric8's backoff would only slow the test down
            base = new ConfigBuilder(c.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build();
        }
        register(ADMIN_TOKEN, UserInfo.admin());
    }

    /** Starts on a free loopback port, over plain HTTP (the mock's TLS is not what is emulated here). */
    public static EmulatedApiServer start() {
        return new EmulatedApiServer();
    }

    /** From now on, {@code token} authenticates as {@code user}. */
    public void register(String token, UserInfo user) {
        tokens.put(token, user);
    }

    /** The mutating webhooks to call on Pod CREATE (null: none). */
    public void mutating(AdmissionChain chain) {
        this.mutating = chain;
    }

    /** Adds an admission plugin that runs after the policies (for example LimitRanger and ResourceQuota). */
    public void validator(Validator v) {
        validators.add(v);
    }

    /** The audit annotations bindings with {@code Audit} have made so far, oldest first. */
    public List<ValidatingPolicies.AuditRecord> audit() {
        return List.copyOf(audit);
    }

    /** The server's base URL, {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return base.getMasterUrl();
    }

    /**
     * A client authenticated by {@code token} (registered or not: an unknown one gets 401 on every call; null: no
     * credentials, so {@code system:anonymous}).
     */
    public KubernetesClient client(String token) {
        Config c = new ConfigBuilder(base).withOauthToken(token).build();
        KubernetesClient k = new KubernetesClientBuilder().withConfig(c).build();
        clients.add(k);
        return k;
    }

    /** A cluster administrator's client ({@link #ADMIN_TOKEN}). */
    public KubernetesClient admin() {
        return client(ADMIN_TOKEN);
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }

    /** A request answered before the store: the Status to send. */
    private static final class Refused extends RuntimeException {
        private final transient MockResponse response;

        Refused(int code, String reason, String message) {
            super(message, null, false, false);
            this.response = status(code, reason, message);
        }
    }

    private final class Dispatcher extends KubernetesCrudDispatcher {
        Dispatcher() {
            PodFieldSelectors.install(this);
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            UserInfo user = authenticate(request.getHeader("Authorization"));
            if (user == null) {
                return status(401, "Unauthorized", "Unauthorized");
            }
            String method = request.getMethod();
            String path = request.getPath().split("\\?", 2)[0];
            Matcher m = PATH.matcher(path);
            if (!m.matches() || m.group(2).equals("status") || m.group(2).equals("finalize")) {
                return super.dispatch(request); // not a namespaced core object (or a Namespace's own subresource)
            }
            Target t = new Target(m.group(1), m.group(2), m.group(3), m.group(4) == null ? "" : m.group(4));
            boolean admitted = t.sub().isEmpty() || t.sub().equals("status");
            try {
                if (method.equals("POST") && t.name() == null) {
                    return create(request, t, user);
                } else if ((method.equals("PUT") || method.equals("PATCH")) && t.name() != null && admitted) {
                    return update(request, t, user);
                } else if (method.equals("DELETE")
                        && t.name() != null
                        && t.sub().isEmpty()) {
                    return delete(request, t, user);
                }
                return super.dispatch(request);
            } catch (Refused e) {
                return e.response;
            } catch (RuntimeException e) {
                LOG.error("{} {} failed in the emulated API server", method, path, e);
                return status(500, "InternalError", "Internal error occurred: " + e.getMessage());
            }
        }

        /** bearertoken.go: null when the token is unknown (401). */
        private UserInfo authenticate(String header) {
            String auth = header == null ? "" : header.strip();
            String[] parts = auth.split(" ");
            if (auth.isEmpty() || parts.length < 2 || !parts[0].equalsIgnoreCase("bearer") || parts[1].isEmpty()) {
                return UserInfo.anonymous();
            }
            return tokens.get(parts[1]);
        }

        private MockResponse create(RecordedRequest request, Target t, UserInfo user) {
            ObjectNode object = withNamespace(object(request), t.namespace());
            JsonNode namespace = namespace(t.namespace());
            if (t.resource().equals("pods") && mutating != null) {
                try {
                    Pod mutated = mutating.create(
                            serialization.unmarshal(JSON.writeValueAsString(object), Pod.class),
                            labels(namespace),
                            user);
                    object = (ObjectNode) JSON.readTree(serialization.asJson(mutated));
                } catch (AdmissionChain.DeniedException e) {
                    throw new Refused(e.code(), e.reason(), e.getMessage());
                }
            }
            object = (ObjectNode) UpdateStrategy.prepareForCreate(t.resource(), object);
            String name = object.path("metadata").path("name").asString("");
            var ar = new AdmissionRequest(
                    "CREATE", kind(object, t), t.resource(), "", t.namespace(), name, object, null, user);
            ValidatingPolicies.Outcome outcome = admit(ar, namespace);
            MockResponse r = super.dispatch(rewrite(request, HttpMethod.POST, t.collectionPath(), object));
            return warned(r, outcome);
        }

        private MockResponse update(RecordedRequest request, Target t, UserInfo user) {
            boolean patch = request.getMethod().equals("PATCH");
            JsonNode body = patch ? body(request) : object(request);
            for (int attempt = 1; ; attempt++) {
                JsonNode old = stored(t.objectPath());
                if (old == null) {
                    return super.dispatch(request); // the store's 404
                }
                JsonNode written = patch ? patched(request.getHeader("Content-Type"), old, body) : body;
                if (!written.isObject()) {
                    throw new Refused(422, "Invalid", "the patch does not give an object");
                }
                JsonNode object = UpdateStrategy.prepare(
                        t.resource(), t.sub(), old, withNamespace(written.deepCopy(), t.namespace()));
                var ar = new AdmissionRequest(
                        "UPDATE", kind(object, t), t.resource(), t.sub(), t.namespace(), t.name(), object, old, user);
                ValidatingPolicies.Outcome outcome = admit(ar, namespace(t.namespace()));
                // the whole object goes to the object's path: the mock's status path would keep only the status,
                // where the API server also stores the metadata a status write changed
                MockResponse r = super.dispatch(rewrite(request, HttpMethod.PUT, t.objectPath(), object));
                // a patch that names no resourceVersion is retried on a conflict, as the API server's patcher does
                if (r.code() == 409
                        && patch
                        && !body.toString().contains("resourceVersion")
                        && attempt < PATCH_ATTEMPTS) {
                    continue;
                }
                return warned(r, outcome);
            }
        }

        private MockResponse delete(RecordedRequest request, Target t, UserInfo user) {
            JsonNode old = stored(t.objectPath());
            if (old == null) {
                return super.dispatch(request);
            }
            var ar = new AdmissionRequest(
                    "DELETE", kind(old, t), t.resource(), "", t.namespace(), t.name(), null, old, user);
            ValidatingPolicies.Outcome outcome = admit(ar, namespace(t.namespace()));
            return warned(super.dispatch(request), outcome);
        }

        /** The policies, then the validators; a refusal is thrown. */
        private ValidatingPolicies.Outcome admit(AdmissionRequest ar, JsonNode namespace) {
            ValidatingPolicies.Outcome outcome;
            try {
                outcome = policies.evaluate(
                        list(
                                "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
                                ValidatingAdmissionPolicy.class),
                        list(
                                "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
                                ValidatingAdmissionPolicyBinding.class),
                        ar,
                        namespace);
            } catch (UnsupportedOperationException e) {
                LOG.error("a ValidatingAdmissionPolicy uses what the emulation lacks", e);
                throw new Refused(500, "InternalError", "Internal error occurred: " + e.getMessage());
            }
            audit.addAll(outcome.audit());
            if (outcome.denial().isPresent()) {
                ValidatingPolicies.Denial d = outcome.denial().get();
                throw new Refused(d.code(), d.reason(), d.message());
            }
            for (Validator v : validators) {
                Optional<ValidatingPolicies.Denial> d = v.validate(ar);
                if (d.isPresent()) {
                    throw new Refused(d.get().code(), d.get().reason(), d.get().message());
                }
            }
            return outcome;
        }

        private JsonNode body(RecordedRequest request) {
            try {
                return JSON.readTree(request.getUtf8Body());
            } catch (JacksonException e) {
                throw new Refused(400, "BadRequest", "the request body is not JSON: " + e.getOriginalMessage());
            }
        }

        private ObjectNode object(RecordedRequest request) {
            if (body(request) instanceof ObjectNode o) {
                return o;
            }
            throw new Refused(400, "BadRequest", "the request body is not a JSON object");
        }

        /**
         * {@code staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go}: 415 for a patch type it does not
         * know, 422 for a patch that does not apply.
         */
        private JsonNode patched(String contentType, JsonNode old, JsonNode patch) {
            String type = contentType == null ? "" : contentType.split(";")[0].strip();
            if (!Patches.TYPES.contains(type)) {
                throw new Refused(
                        415,
                        "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media types include: "
                                + String.join(", ", Patches.TYPES));
            }
            try {
                return Patches.apply(type, old, patch);
            } catch (RuntimeException e) {
                throw new Refused(422, "Invalid", "the patch does not apply: " + e.getMessage());
            }
        }

        private JsonNode stored(String path) {
            MockResponse r = handleGet(path);
            if (r.code() != 200) {
                return null;
            }
            return JSON.readTree(r.getBody().readUtf8());
        }

        private <T> List<T> list(String path, Class<T> type) {
            JsonNode l = stored(path);
            List<T> out = new ArrayList<>();
            if (l != null) {
                for (JsonNode item : l.path("items")) {
                    out.add(serialization.unmarshal(JSON.writeValueAsString(item), type));
                }
            }
            return out;
        }

        /**
         * The request's Namespace as stored, with the {@code kubernetes.io/metadata.name} label the API server
         * always sets; one with just that label when it is not stored.
         */
        private JsonNode namespace(String name) {
            JsonNode ns = stored("/api/v1/namespaces/" + name);
            if (ns == null) {
                return ValidatingPolicies.namespaceObject(name, Map.of());
            }
            ObjectNode copy = (ObjectNode) ns.deepCopy();
            ObjectNode meta = copy.has("metadata") ? (ObjectNode) copy.get("metadata") : copy.putObject("metadata");
            ObjectNode labels = meta.has("labels") ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
            labels.put("kubernetes.io/metadata.name", name);
            return copy;
        }
    }

    /** The parts of a namespaced core path. */
    private record Target(String namespace, String resource, String name, String sub) {
        String collectionPath() {
            return "/api/v1/namespaces/" + namespace + "/" + resource;
        }

        String objectPath() {
            return collectionPath() + "/" + name;
        }
    }

    /** The labels of a Namespace object, for the webhooks' namespaceSelector. */
    private static Map<String, String> labels(JsonNode namespace) {
        Map<String, String> out = new LinkedHashMap<>();
        namespace
                .path("metadata")
                .path("labels")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    /** {@code rest.EnsureObjectNamespaceMatchesRequestNamespace}: an object without a namespace gets the path's. */
    private static ObjectNode withNamespace(JsonNode object, String namespace) {
        ObjectNode o = (ObjectNode) object;
        ObjectNode meta = o.get("metadata") instanceof ObjectNode m ? m : o.putObject("metadata");
        if (!meta.hasNonNull("namespace") || meta.get("namespace").asString().isEmpty()) {
            meta.put("namespace", namespace);
        }
        return o;
    }

    private static String kind(JsonNode object, Target t) {
        String k = object.path("kind").asString("");
        if (!k.isEmpty()) {
            return k;
        }
        return switch (t.resource()) {
            case "pods" -> "Pod";
            case "events" -> "Event";
            case "configmaps" -> "ConfigMap";
            case "secrets" -> "Secret";
            default -> t.resource();
        };
    }

    /** The same request, as {@code method} of {@code body} to {@code path}: what the mock's store runs. */
    private static RecordedRequest rewrite(RecordedRequest r, HttpMethod method, String path, JsonNode body) {
        var headers = r.getHeaders()
                .newBuilder()
                .removeAll("Content-Length")
                .set("Content-Type", "application/json")
                .build();
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        return new RecordedRequest(r.getHttpVersion(), method, path, headers, new Buffer(bytes));
    }

    /** {@code staging/src/k8s.io/apiserver/pkg/warning}: {@code Warning: 299 - "<text>"}. */
    private static MockResponse warned(MockResponse r, ValidatingPolicies.Outcome outcome) {
        outcome.warnings().forEach(w -> r.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\""));
        return r;
    }

    /** A metav1 Status, as the API server answers a refusal. */
    private static MockResponse status(int code, String reason, String message) {
        ObjectNode s = JSON.createObjectNode()
                .put("apiVersion", "v1")
                .put("kind", "Status")
                .put("status", "Failure")
                .put("message", message)
                .put("reason", reason)
                .put("code", code);
        s.putObject("metadata");
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(JSON.writeValueAsString(s));
    }
}
