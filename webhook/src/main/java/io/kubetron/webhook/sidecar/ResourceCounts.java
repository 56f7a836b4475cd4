package io.kubetron.webhook.sidecar;

import io.kubetron.backend.Network;
import io.kubetron.model.ResourceNames;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node resources a Pod's networks need, which is how the scheduler finds a node that can serve them:
 * {@link ResourceNames#MAIN} (always 1: the node agent plugs the Pod), {@link ResourceNames#OVERLAY} (one per overlay
 * network; the original always wrote 1) and one resource per physical network (the number of networks on it; only
 * nodes bridged to that physnet advertise it).
 *
 * @param counts resource name (without namespace) to quantity, {@code main} first, then {@code overlay}, then
 *     physnets sorted
 */
public record ResourceCounts(Map<String, Integer> counts) {
    public ResourceCounts {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /**
     * Counts the resources of {@code networks}.
     *
     * @throws IllegalArgumentException when a physnet cannot name a resource ({@link ResourceNames#canNamePhysnet});
     *     the message is for the user
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
            if (!ResourceNames.canNamePhysnet(physnet)) {
                throw new IllegalArgumentException("network " + n.name() + " is on physical network '" + physnet
                        + "', which cannot be used as a node resource name");
            }
            physnets.merge(physnet, 1, Integer::sum);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(ResourceNames.MAIN, 1);
        if (overlay > 0) {
            counts.put(ResourceNames.OVERLAY, overlay);
        }
        counts.putAll(physnets);
        return new ResourceCounts(counts);
    }
}
