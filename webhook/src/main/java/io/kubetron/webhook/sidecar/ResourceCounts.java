package io.kubetron.webhook.sidecar;

import io.kubetron.backend.Network;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The node resources a Pod's networks need, which is how the scheduler finds a node that can serve them: {@code main}
 * (always 1: the node agent plugs the Pod), {@code overlay} (one per overlay network; the original always wrote 1) and
 * one resource per physical network (the number of networks on it; only nodes bridged to that physnet advertise it).
 *
 * @param counts resource name (without namespace) to quantity, {@code main} first, then {@code overlay}, then
 *     physnets sorted
 */
public record ResourceCounts(Map<String, Integer> counts) {
    public static final String MAIN = "main";
    public static final String OVERLAY = "overlay";
    /** The part after the {@code /} of an extended resource name (a Kubernetes qualified name). */
    private static final Pattern RESOURCE_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");

    public ResourceCounts {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /**
     * Counts the resources of {@code networks}.
     *
     * @throws IllegalArgumentException when a physnet cannot be a resource name, or would collide with
     *     {@value #MAIN}/{@value #OVERLAY}; the message is for the user
     */
    public static ResourceCounts of(List<Network> networks) {
        int overlay = 0;
        Map<String, Integer> physnets = new TreeMap<>();
        for (Network n : networks) {
            if (!n.physical()) {
                overlay++;
                continue;
            }
            String physnet = n.physicalNetwork();
            if (MAIN.equals(physnet)
                    || OVERLAY.equals(physnet)
                    || !RESOURCE_NAME.matcher(physnet).matches()) {
                throw new IllegalArgumentException("network " + n.name() + " is on physical network '" + physnet
                        + "', which cannot be used as a node resource name");
            }
            physnets.merge(physnet, 1, Integer::sum);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(MAIN, 1);
        if (overlay > 0) {
            counts.put(OVERLAY, overlay);
        }
        counts.putAll(physnets);
        return new ResourceCounts(counts);
    }
}
