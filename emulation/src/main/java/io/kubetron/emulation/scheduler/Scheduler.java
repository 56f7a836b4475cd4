package io.kubetron.emulation.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's part that matters here: a Pod goes only to a node that has, free, every extended resource its
 * containers ask for (what the node's device plugins advertise, minus what is allocated), and among those to the one
 * running the fewest Pods (so two Pods land on two nodes, as kube-scheduler's spreading would place them). Pure.
 */
public final class Scheduler {
    private Scheduler() {}

    /** A node as the scheduler sees it. */
    public record NodeView(String name, Map<String, Long> free, int pods) {}

    /** The extended resources the Pod asks for (limits of every container and init container), summed. */
    public static Map<String, Long> requests(Pod pod, String resourcePrefix) {
        Map<String, Long> out = new LinkedHashMap<>();
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        for (Container c : all) {
            if (c.getResources() == null || c.getResources().getLimits() == null) {
                continue;
            }
            for (Map.Entry<String, Quantity> e : c.getResources().getLimits().entrySet()) {
                if (e.getKey().startsWith(resourcePrefix)) {
                    out.merge(e.getKey(), Long.parseLong(e.getValue().getAmount()), Long::sum);
                }
            }
        }
        return out;
    }

    /** The chosen node, or why none fits (in kube-scheduler's words). */
    public static Optional<String> pick(Map<String, Long> wants, List<NodeView> nodes, StringBuilder why) {
        List<NodeView> fit = new ArrayList<>();
        Map<String, Integer> short_ = new LinkedHashMap<>();
        for (NodeView n : nodes) {
            boolean ok = true;
            for (var w : wants.entrySet()) {
                if (n.free().getOrDefault(w.getKey(), 0L) < w.getValue()) {
                    short_.merge(w.getKey(), 1, Integer::sum);
                    ok = false;
                }
            }
            if (ok) {
                fit.add(n);
            }
        }
        if (fit.isEmpty()) {
            why.append("0/").append(nodes.size()).append(" nodes are available:");
            short_.forEach((r, n) ->
                    why.append(' ').append(n).append(" Insufficient ").append(r).append('.'));
            return Optional.empty();
        }
        return fit.stream()
                .min(Comparator.comparingInt(NodeView::pods).thenComparing(NodeView::name))
                .map(NodeView::name);
    }
}
