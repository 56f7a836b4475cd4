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
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetron.emulation.apiserver.cel.AdmissionCel;
import java.net.InetAddress;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's mock API server (crud mode) with the parts of kube-apiserver's request path that decide who may write
 * what, in the API server's order ({@code kubernetes/kubernetes pkg/kubeapiserver/options/plugins.go}):
 * <ol>
 *   <li>authentication by bearer token ({@link #register}); a token nobody registered gets 401, a request without one
 *       is {@code system:anonymous} ({@code staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken/
 *       bearertoken.go}, anonymous authentication on);</li>
 *   <li>for writes of namespaced core objects (POST, PUT, PATCH of the object or its {@code status}): the object
 *       after the write is computed (the stored one, the patch applied; a {@code status} write keeps the stored
 *       spec as {@code pkg/registry/core/pod/strategy.go} podStatusStrategy does, an object write the stored status
 *       as podStrategy does), then the mutating webhooks ({@link AdmissionChain}, Pod CREATE only), then every
 *       ValidatingAdmissionPolicy and binding in the store, read at each request as the API server's informer has
 *       them, then the extra {@link Validator}s (LimitRanger, ResourceQuota);</li>
 *   <li>a refusal answers a metav1 Status with the policy's code and message and stores nothing; otherwise the
 *       request (for a mutated CREATE, the mutated object) goes on to the store.</li>
 * </ol>
 * RBAC is not emulated: every authenticated user may do everything the store does. Thread-safe.
 */
public final class EmulatedApiServer implements AutoCloseable {
    private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/([^/]+)(?:/([^/]+)(?:/([^/]+))?)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An admission plugin after the policies: returns a refusal, or empty to let the request on. */
    @FunctionalInterface
    public interface Validator {
        Optional<ValidatingPolicies.Denial> validate(AdmissionRequest request);
    }

    private final Map<String, UserInfo> tokens = new ConcurrentHashMap<>();
    private final List<Validator> validators = new CopyOnWriteArrayList<>();
    private final ValidatingPolicies policies = new ValidatingPolicies(new AdmissionCel());
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Dispatcher dispatcher = new Dispatcher();
    private final KubernetesMockServer server;
    private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
    private volatile AdmissionChain mutating;

    private EmulatedApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        register("admin-token", UserInfo.admin());
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

    /** Adds an admission plugin that runs after the policies. */
    public void validator(Validator v) {
        validators.add(v);
    }

    /** A client authenticated by {@code token} (registered or not: an unknown one gets 401 on every call). */
    public KubernetesClient client(String token) {
        Config base = server.createClient().getConfiguration();
        Config c = new ConfigBuilder(base).withOauthToken(token).build();
        KubernetesClient k = new KubernetesClientBuilder().withConfig(c).build();
        clients.add(k);
        return k;
    }

    /** A cluster administrator's client. */
    public KubernetesClient admin() {
        return client("admin-token");
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }

    private final class Dispatcher extends KubernetesCrudDispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String auth = request.getHeader("Authorization");
            UserInfo user;
            if (auth == null || auth.isBlank()) {
                user = UserInfo.anonymous();
            } else {
                user = auth.startsWith("Bearer ") ? tokens.get(auth.substring(7).strip()) : null;
                if (user == null) {
                    return status(401, "Unauthorized", "Unauthorized");
                }
            }
            String method = request.getMethod();
            if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
                return super.dispatch(request);
            }
            String path = request.getPath().split("\\?", 2)[0];
            Matcher m = PATH.matcher(path);
            if (!m.matches() || (method.equals("POST") && m.group(3) != null)) {
                return super.dispatch(request); // not a namespaced core object (or a subresource POST: binding)
            }
            return admit(request, method, m, user);
        }

        private MockResponse admit(RecordedRequest request, String method, Matcher m, UserInfo user) {
            String namespace = m.group(1);
            String resource = m.group(2);
            String sub = m.group(4) == null ? "" : m.group(4);
            JsonNode body = JSON.readTree(request.getUtf8Body());
            JsonNode old = null;
            JsonNode object;
            String name;
            String operation;
            if (method.equals("POST")) {
                operation = "CREATE";
                object = body;
                name = body.path("metadata").path("name").asString("");
            } else {
                operation = "UPDATE";
                name = m.group(3);
                old = stored("/api/v1/namespaces/" + namespace + "/" + resource + "/" + name);
                if (old == null) {
                    return super.dispatch(request); // the store answers 404
                }
                object = method.equals("PUT") ? body : Patches.apply(request.getHeader("Content-Type"), old, body);
                object = keepOtherHalf(resource, sub, old, object);
            }
            String kind = object.path("kind").asString(kindOf(resource));
            Map<String, String> nsLabels = namespaceLabels(namespace);
            if (operation.equals("CREATE") && resource.equals("pods") && mutating != null) {
                try {
                    Pod mutated = mutating.create(
                            serialization.unmarshal(JSON.writeValueAsString(object), Pod.class), nsLabels, user);
                    object = JSON.readTree(serialization.asJson(mutated));
                } catch (AdmissionChain.DeniedException e) {
                    return status(400, "BadRequest", e.getMessage());
                }
            }
            AdmissionRequest ar =
                    new AdmissionRequest(operation, kind, resource, sub, namespace, name, object, old, user);
            ValidatingPolicies.Outcome outcome = policies.evaluate(
                    list(
                            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies",
                            ValidatingAdmissionPolicy.class),
                    list(
                            "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings",
                            ValidatingAdmissionPolicyBinding.class),
                    ar,
                    nsLabels);
            if (outcome.denial().isPresent()) {
                ValidatingPolicies.Denial d = outcome.denial().get();
                return status(d.code(), d.reason(), d.message());
            }
            for (Validator v : validators) {
                Optional<ValidatingPolicies.Denial> d = v.validate(ar);
                if (d.isPresent()) {
                    return status(d.get().code(), d.get().reason(), d.get().message());
                }
            }
            // the store gets the object admission saw: patches are applied here, with the merge semantics above
            String path = request.getPath().split("\\?", 2)[0];
            MockResponse r = operation.equals("CREATE")
                    ? handleCreate(path, JSON.writeValueAsString(object))
                    : handleUpdate(path, JSON.writeValueAsString(object));
            outcome.warnings().forEach(w -> r.addHeader("Warning", "299 - \"" + w.replace("\"", "'") + "\""));
            return r;
        }

        /**
         * A write of the object keeps the stored status; a write of {@code status} keeps the stored spec, owners
         * and deletion timestamp but may change the rest of the metadata (pod strategy.go PrepareForUpdate).
         */
        private JsonNode keepOtherHalf(String resource, String sub, JsonNode old, JsonNode object) {
            if (!resource.equals("pods")) {
                return object;
            }
            ObjectNode o = (ObjectNode) object.deepCopy();
            if (sub.equals("status")) {
                o.set("spec", old.path("spec").deepCopy());
                ObjectNode meta = (ObjectNode) o.path("metadata");
                copyOrRemove(old.path("metadata"), meta, "ownerReferences");
                copyOrRemove(old.path("metadata"), meta, "deletionTimestamp");
            } else if (sub.isEmpty() && old.has("status")) {
                o.set("status", old.get("status").deepCopy());
            }
            return o;
        }

        private static void copyOrRemove(JsonNode from, ObjectNode to, String field) {
            if (from.has(field)) {
                to.set(field, from.get(field).deepCopy());
            } else {
                to.remove(field);
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

        /** The namespace's labels; the name label, which the API server always sets, when it is not stored. */
        private Map<String, String> namespaceLabels(String namespace) {
            Map<String, String> labels = new LinkedHashMap<>();
            JsonNode ns = stored("/api/v1/namespaces/" + namespace);
            if (ns != null) {
                ns.path("metadata")
                        .path("labels")
                        .properties()
                        .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            }
            labels.putIfAbsent("kubernetes.io/metadata.name", namespace);
            return labels;
        }
    }

    private static String kindOf(String resource) {
        return switch (resource) {
            case "pods" -> "Pod";
            case "events" -> "Event";
            default -> resource;
        };
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
