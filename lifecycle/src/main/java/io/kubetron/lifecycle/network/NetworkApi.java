package io.kubetron.lifecycle.network;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkStatus;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Network controller's calls to the API server, and nothing else: read a Network, add or remove its finalizer,
 * write its status through the status subresource, record an Event. Thread-safe.
 */
final class NetworkApi {
    static final String COMPONENT = "kubetron-lifecycle";
    /**
     * Where the Events of cluster-scoped objects go: client-go's recorder puts an Event whose object has no namespace
     * into {@code default} (kubernetes/client-go tools/record/event.go makeEvent), and {@code kubectl describe}
     * finds it there.
     */
    static final String EVENT_NAMESPACE = "default";

    private static final tools.jackson.databind.ObjectMapper JSON = new tools.jackson.databind.ObjectMapper();
    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;

    NetworkApi(KubernetesClient client, String identity, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.clock = clock;
    }

    Optional<Network> get(String name) {
        return Optional.ofNullable(
                client.resources(Network.class).withName(name).get());
    }

    /**
     * Adds the cleanup finalizer: a JSON patch (RFC 6902) that appends it, after a test that the list is still the
     * one seen, so a concurrent change of the finalizers fails (422) instead of being lost.
     */
    void addFinalizer(Network n) {
        List<String> current = n.getMetadata().getFinalizers();
        var ops = JSON.createArrayNode();
        if (current == null || current.isEmpty()) {
            ops.addObject()
                    .put("op", "add")
                    .put("path", "/metadata/finalizers")
                    .set("value", JSON.createArrayNode().add(Network.FINALIZER));
        } else {
            var test = ops.addObject().put("op", "test").put("path", "/metadata/finalizers");
            var seen = test.putArray("value");
            current.forEach(seen::add);
            ops.addObject()
                    .put("op", "add")
                    .put("path", "/metadata/finalizers/-")
                    .put("value", Network.FINALIZER);
        }
        patch(n, ops.toString());
    }

    /** Removes the cleanup finalizer (a test that it is still where it was seen, then the removal). */
    void removeFinalizer(Network n) {
        List<String> current = n.getMetadata().getFinalizers();
        int i = current == null ? -1 : current.indexOf(Network.FINALIZER);
        if (i < 0) {
            return;
        }
        var ops = JSON.createArrayNode();
        ops.addObject()
                .put("op", "test")
                .put("path", "/metadata/finalizers/" + i)
                .put("value", Network.FINALIZER);
        ops.addObject().put("op", "remove").put("path", "/metadata/finalizers/" + i);
        patch(n, ops.toString());
    }

    private void patch(Network n, String jsonPatch) {
        client.resources(Network.class)
                .withName(n.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON), jsonPatch);
    }

    /**
     * Writes the status through the status subresource: the API server takes only {@code status} from it (and the
     * main resource ignores status), and refuses it with 409 if the object changed since it was read
     * (resourceVersion), so a stale status never overwrites a newer one.
     */
    void writeStatus(Network n, NetworkStatus status) {
        Network copy = new Network();
        copy.setMetadata(n.getMetadata());
        copy.setSpec(n.getSpec());
        copy.setStatus(status);
        client.resources(Network.class).resource(copy).updateStatus();
    }

    /** Records an Event on the Network object; a failure to record is logged by the caller, never fatal. */
    void event(Network n, NetworkEvent e) {
        String now = clock.instant().toString();
        String name = eventName(n.getMetadata().getName());
        client.v1()
                .events()
                .inNamespace(EVENT_NAMESPACE)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(EVENT_NAMESPACE)
                        .endMetadata()
                        .withNewInvolvedObject()
                        .withApiVersion(Network.API_VERSION)
                        .withKind("Network")
                        .withName(n.getMetadata().getName())
                        .withUid(n.getMetadata().getUid())
                        .withResourceVersion(n.getMetadata().getResourceVersion())
                        .endInvolvedObject()
                        .withType(e.type())
                        .withReason(e.reason())
                        .withMessage(e.message())
                        .withNewSource()
                        .withComponent(COMPONENT)
                        .endSource()
                        .withReportingComponent(COMPONENT)
                        .withReportingInstance(identity)
                        .withFirstTimestamp(now)
                        .withLastTimestamp(now)
                        .withCount(1)
                        .build())
                .create();
    }

    /**
     * {@code <name>.<16 hex digits>}, as client-go's recorder names Events, the name cut so the whole stays a DNS
     * subdomain (253 characters at most).
     */
    static String eventName(String objectName) {
        String suffix =
                "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String base = objectName.length() > 253 - suffix.length()
                ? objectName.substring(0, 253 - suffix.length())
                : objectName;
        return base.replaceAll("[.-]+$", "") + suffix;
    }

    static boolean conflict(KubernetesClientException e) {
        return e.getCode() == 409 || e.getCode() == 422;
    }
}
