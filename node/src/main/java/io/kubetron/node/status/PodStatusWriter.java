package io.kubetron.node.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubetron.common.log.PodContext;
import io.kubetron.common.log.PodLogger;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworkStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.LoggerFactory;

/**
 * Tells the API what the node agent did to a Pod: the {@code network-status} annotation, the networks-ready
 * condition, and Events ({@code NetworksReady}, {@code NetworkSetupFailed} with the reason, or
 * {@code NetworksSpecRejected} when the Pod's networksSpec is not one Kubetron signed for it). Writes only what
 * changed, so a resync of a plumbed Pod costs no API call; an Event is not repeated while its message stays the same.
 * A Pod deleted meanwhile is not an error. Thread-safe.
 */
public final class PodStatusWriter {
    public static final String COMPONENT = "kubetron-node";
    public static final String REASON_READY = "NetworksReady";
    public static final String REASON_FAILED = "NetworkSetupFailed";
    /** The Event of a Pod whose networksSpec the agent refused (its condition's reason says why). */
    public static final String REASON_REJECTED = "NetworksSpecRejected";

    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(PodStatusWriter.class));
    private static final org.slf4j.Logger DEBUG = LoggerFactory.getLogger(PodStatusWriter.class);
    private static final tools.jackson.databind.ObjectMapper JSON = new tools.jackson.databind.ObjectMapper();
    private static final int ATTEMPTS = 5;
    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;
    /** The last Event per Pod uid, so a retry loop does not flood the Pod with copies. */
    private final Map<String, String> lastEvent = new ConcurrentHashMap<>();

    public PodStatusWriter(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    /**
     * Every interface is up and addressed.
     *
     * @param plumbed whether this run plumbed anything: a restarted agent that only finds everything in place does
     *     not repeat the Event
     */
    public void ready(Pod pod, List<NetworkStatus.Entry> entries, String eventMessage, boolean plumbed) {
        String message = entries.size() + " network(s) ready";
        boolean changed = !NetworksReadyCondition.says(pod, true, REASON_READY, message);
        annotate(pod, entries);
        condition(pod, true, REASON_READY, message);
        if (plumbed || changed) {
            event(pod, "Normal", REASON_READY, eventMessage);
        }
    }

    /** Something failed: the condition says False with the reason, and a Warning Event says what to do. */
    public void failed(Pod pod, String error) {
        condition(pod, false, REASON_FAILED, error);
        event(pod, "Warning", REASON_FAILED, error);
    }

    /**
     * The Pod's networksSpec was refused: the condition says False with {@code reason} (why, such as
     * {@code SignatureMismatch}), and a Warning Event {@value #REASON_REJECTED} says what to do.
     */
    public void rejected(Pod pod, String reason, String message) {
        condition(pod, false, reason, message);
        event(pod, "Warning", REASON_REJECTED, message);
    }

    /** The Pod is gone: forget what was said to it. */
    public void forget(String uid) {
        lastEvent.remove(uid);
    }

    /**
     * Sets Kubetron's entries of the network-status annotation, keeping everyone else's ({@link NetworkStatus#merge}):
     * a read-modify-write guarded by a test of the annotations it was computed from, retried when they changed.
     */
    private void annotate(Pod pod, List<NetworkStatus.Entry> entries) {
        java.util.Set<String> ours = new java.util.HashSet<>();
        entries.forEach(e -> ours.add(e.interfaceName()));
        guarded(pod, "annotation", false, fresh -> {
            Map<String, String> a = fresh.getMetadata().getAnnotations();
            String current = a == null ? null : a.get(Annotations.NETWORK_STATUS);
            String value = NetworkStatus.merge(current, entries, ours);
            if (value.equals(current)) {
                return null;
            }
            var op = JSON.createObjectNode()
                    .put("op", "add")
                    .put(
                            "path",
                            a == null
                                    ? "/metadata/annotations"
                                    : "/metadata/annotations/" + pointer(Annotations.NETWORK_STATUS));
            if (a == null) {
                op.set("value", JSON.createObjectNode().put(Annotations.NETWORK_STATUS, value));
            } else {
                op.put("value", value);
            }
            return op;
        });
    }

    /**
     * Sets Kubetron's condition. The kubelet writes the Pod's other conditions by strategic-merge patch and may
     * reorder the list at any time (kubernetes/kubernetes {@code pkg/kubelet/status/status_manager.go}
     * {@code syncPod}: {@code statusutil.PatchPodStatus}, with {@code $setElementOrder}), so an index computed from an
     * earlier read may point at another condition by the time it is written: the whole list is written, guarded by
     * a test of the list it was computed from, and computed again when someone changed it in between.
     */
    private void condition(Pod pod, boolean ready, String reason, String message) {
        if (NetworksReadyCondition.says(pod, ready, reason, message)) {
            return;
        }
        Instant now = clock.instant();
        guarded(pod, "condition", true, fresh -> {
            if (NetworksReadyCondition.says(fresh, ready, reason, message)) {
                return null;
            }
            var op = JSON.createObjectNode();
            boolean hasStatus = fresh.getStatus() != null;
            op.put("op", "add").put("path", hasStatus ? "/status/conditions" : "/status");
            var list = JSON.readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(
                    NetworksReadyCondition.with(fresh, ready, reason, message, now)));
            if (hasStatus) {
                op.set("value", list);
            } else {
                op.set("value", JSON.createObjectNode().set("conditions", list));
            }
            return op;
        });
    }

    /**
     * A JSON Patch of one change computed from a fresh read, preceded by a test that what it was computed from (the
     * annotations map, or the conditions list) is what the API server holds: if anyone changed it in between, the API
     * server refuses the patch and the change is computed again (at most {@value #ATTEMPTS} times, then the next
     * reconcile tries). Writes to other fields in between do not make it fail.
     *
     * @param change the operation for the fresh Pod, or null when nothing needs writing
     */
    private void guarded(
            Pod pod,
            String what,
            boolean status,
            java.util.function.Function<Pod, tools.jackson.databind.node.ObjectNode> change) {
        var one = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName());
        for (int attempt = 1; ; attempt++) {
            Pod fresh = one.get();
            if (fresh == null
                    || !Objects.equals(
                            fresh.getMetadata().getUid(), pod.getMetadata().getUid())) {
                return; // gone, or another Pod of that name now
            }
            var op = change.apply(fresh);
            if (op == null) {
                return;
            }
            var patch = JSON.createArrayNode();
            // the part of the read the change was computed from must be unchanged: the whole annotations map or the
            // whole conditions list
            tools.jackson.databind.JsonNode read =
                    JSON.readTree(io.fabric8.kubernetes.client.utils.Serialization.asJson(fresh));
            String path = status ? "/status/conditions" : "/metadata/annotations";
            tools.jackson.databind.JsonNode basis = read.at(path);
            if (!basis.isMissingNode()) {
                patch.addObject().put("op", "test").put("path", path).set("value", basis);
            } else {
                // absent: nothing to test but the object as a whole, by its resourceVersion
                patch.addObject()
                        .put("op", "test")
                        .put("path", "/metadata/resourceVersion")
                        .put("value", fresh.getMetadata().getResourceVersion());
            }
            patch.add(op);
            try {
                var target = status ? one.subresource("status") : one;
                target.patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                        JSON.writeValueAsString(patch));
                return;
            } catch (KubernetesClientException e) {
                boolean conflict = e.getCode() == 409 || e.getCode() == 422 || e.getCode() == 400 || e.getCode() == 500;
                if (e.getCode() == 404) {
                    return;
                }
                if (!conflict || attempt >= ATTEMPTS) {
                    write(pod, what, () -> {
                        throw e;
                    });
                    return;
                }
                DEBUG.debug(
                        "{} of Pod {} written by someone else meanwhile, again (attempt {})",
                        what,
                        pod.getMetadata().getName(),
                        attempt);
            }
        }
    }

    private static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private void event(Pod pod, String type, String reason, String message) {
        String uid = pod.getMetadata().getUid();
        String key = reason + "\n" + message;
        if (Objects.equals(lastEvent.put(uid, key), key)) {
            return;
        }
        String now = clock.instant().toString();
        String name = eventName(pod.getMetadata().getName());
        write(
                pod,
                "event",
                () -> client.v1()
                        .events()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .resource(new EventBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace(pod.getMetadata().getNamespace())
                                .endMetadata()
                                .withNewInvolvedObject()
                                .withApiVersion("v1")
                                .withKind("Pod")
                                .withNamespace(pod.getMetadata().getNamespace())
                                .withName(pod.getMetadata().getName())
                                .withUid(uid)
                                .endInvolvedObject()
                                .withType(type)
                                .withReason(reason)
                                .withMessage(message)
                                .withNewSource()
                                .withComponent(COMPONENT)
                                .withHost(nodeName)
                                .endSource()
                                .withReportingComponent(COMPONENT)
                                .withReportingInstance(nodeName)
                                .withFirstTimestamp(now)
                                .withLastTimestamp(now)
                                .withCount(1)
                                .build())
                        .create());
    }

    /**
     * {@code <pod>.<16 hex digits>}, as client-go's recorder names Events ({@code tools/record/event.go}
     * {@code makeEvent}: name + "." + a hex timestamp), with the Pod's name cut so the whole stays a valid object
     * name (a DNS subdomain: at most 253 characters; a Pod name may itself be 253 long).
     */
    static String eventName(String podName) {
        String suffix =
                "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String base = podName.length() > 253 - suffix.length() ? podName.substring(0, 253 - suffix.length()) : podName;
        // a cut may end on '.' or '-', which a DNS subdomain label may not end with
        return base.replaceAll("[.-]+$", "") + suffix;
    }

    private void write(Pod pod, String what, Runnable call) {
        try {
            call.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return; // the Pod went meanwhile: nothing to tell
            }
            LOG.warn(
                    PodContext.of(
                            pod.getMetadata().getNamespace(), pod.getMetadata().getName()),
                    "cannot write {} of the Pod code={} error=\"{}\"",
                    what,
                    e.getCode(),
                    e.getMessage());
            throw e;
        }
    }
}
