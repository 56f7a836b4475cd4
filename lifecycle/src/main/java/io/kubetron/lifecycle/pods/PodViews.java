package io.kubetron.lifecycle.pods;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.common.log.PodContext;
import io.kubetron.common.log.PodLogger;
import io.kubetron.lifecycle.decision.PodView;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Turns API Pods into {@link PodView}s; never mutates the Pod (it may be an informer's cached object). */
public final class PodViews {
    private static final PodLogger LOG = PodLogger.of(LoggerFactory.getLogger(PodViews.class));

    private PodViews() {}

    /**
     * The Pod's view. A malformed networksSpec counts as none: the Pod is then matched by its name only, which keeps
     * its ports (rule "Pod exists") rather than guessing.
     */
    public static PodView of(Pod pod) {
        ObjectMeta m = pod.getMetadata();
        Map<String, String> annotations = m.getAnnotations() == null ? Map.of() : m.getAnnotations();
        String spec = annotations.get(Annotations.NETWORKS_SPEC);
        Set<String> ids = new HashSet<>();
        boolean readable = false;
        if (spec != null) {
            try {
                NetworksSpec.parse(spec).ports().values().forEach(p -> {
                    if (p.portId() != null) {
                        ids.add(p.portId());
                    }
                });
                readable = true;
            } catch (IllegalArgumentException e) {
                LOG.warn(
                        PodContext.of(m.getNamespace(), m.getName()),
                        "unreadable networksSpec error=\"{}\"",
                        e.getMessage());
            }
        }
        return new PodView(m.getNamespace(), m.getName(), m.getUid(), ids, readable, finished(pod));
    }

    /**
     * Succeeded or Failed: terminal phases (kubernetes/kubernetes {@code pkg/kubelet/kubelet_pods.go}: the kubelet
     * never moves a Pod out of them, and {@code pkg/registry/core/pod/strategy.go} refuses a status update that would).
     */
    public static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
