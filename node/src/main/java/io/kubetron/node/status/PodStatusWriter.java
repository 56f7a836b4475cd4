package io.kubetron.node.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
 * condition, and Events ({@code NetworksReady}, or {@code NetworkSetupFailed} with the reason). Writes only what
 * changed, so a resync of a plumbed Pod costs no API call; an Event is not repeated while its message stays the same.
 * A Pod deleted meanwhile is not an error. Thread-safe.
 */
public final class PodStatusWriter {
    public static final String COMPONENT = "kubetron-node";
    public static final String REASON_READY = "NetworksReady";
    public static final String REASON_FAILED = "NetworkSetupFailed";
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(PodStatusWriter.class));
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
        String status = NetworkStatus.toJson(entries);
        String message = entries.size() + " network(s) ready";
        boolean changed = !NetworksReadyCondition.says(pod, true, REASON_READY, message);
        annotate(pod, status);
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

    /** The Pod is gone: forget what was said to it. */
    public void forget(String uid) {
        lastEvent.remove(uid);
    }

    private void annotate(Pod pod, String value) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        if (a != null && value.equals(a.get(Annotations.NETWORK_STATUS))) {
            return;
        }
        write(
                pod,
                "annotation",
                () -> client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .edit(p -> new PodBuilder(p)
                                .editMetadata()
                                .addToAnnotations(Annotations.NETWORK_STATUS, value)
                                .endMetadata()
                                .build()));
    }

    private void condition(Pod pod, boolean ready, String reason, String message) {
        if (NetworksReadyCondition.says(pod, ready, reason, message)) {
            return;
        }
        Instant now = clock.instant();
        write(
                pod,
                "condition",
                () -> client.pods()
                        .inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName())
                        .editStatus(p -> new PodBuilder(p)
                                .editOrNewStatus()
                                .withConditions(NetworksReadyCondition.with(p, ready, reason, message, now))
                                .endStatus()
                                .build()));
    }

    private void event(Pod pod, String type, String reason, String message) {
        String uid = pod.getMetadata().getUid();
        String key = reason + "\n" + message;
        if (Objects.equals(lastEvent.put(uid, key), key)) {
            return;
        }
        String now = clock.instant().toString();
        String name = pod.getMetadata().getName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
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
