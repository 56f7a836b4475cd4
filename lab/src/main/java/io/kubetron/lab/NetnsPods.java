package io.kubetron.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates "pods" (network namespaces) in a lab and removes all of them, with their OVS ports, when closed.
 * Not thread-safe: one test drives it.
 */
public final class NetnsPods implements AutoCloseable {
    private final Lab lab;
    private final List<NetnsPod> pods = new ArrayList<>();

    public NetnsPods(Lab lab) {
        this.lab = lab;
    }

    /** A new pod on node 0; its namespace is {@code <lab>-pod-<name>}, so {@code lab down} removes it too. */
    public NetnsPod create(String name) {
        return create(name, lab.nodes().getFirst());
    }

    /** A new pod on {@code node}, one of {@link Lab#nodes()}: it plugs into that node's br-int. */
    public NetnsPod create(String name, LabNode node) {
        NetnsPod pod = new NetnsPod(lab, lab.config().namespacePrefix() + "pod-" + name, node);
        pods.add(pod);
        pod.create();
        return pod;
    }

    public List<NetnsPod> pods() {
        return List.copyOf(pods);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (NetnsPod pod : pods.reversed()) {
            try {
                pod.delete();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        pods.clear();
        if (first != null) {
            throw first;
        }
    }
}
