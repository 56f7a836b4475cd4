package io.kubetron.node.deviceplugin;

import io.kubetron.model.ResourceNames;
import java.util.Set;
import java.util.TreeSet;

/** Reads the physical networks out of ovn-controller's {@code ovn-bridge-mappings}. Pure. */
final class BridgeMappings {
    private BridgeMappings() {}

    /**
     * The physnets of {@code physnet1:bridge1,physnet2:bridge2} (OVN's format; spaces tolerated). Entries without a
     * bridge, and physnets that cannot name a resource ({@link ResourceNames#canNamePhysnet}), are
     * left out: the webhook refuses such networks too, so no Pod could ask for them.
     */
    public static Set<String> physnets(String mappings) {
        Set<String> out = new TreeSet<>();
        if (mappings == null) {
            return out;
        }
        for (String entry : mappings.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.trim().length() - 1) {
                continue;
            }
            String physnet = entry.substring(0, colon).trim();
            if (ResourceNames.canNamePhysnet(physnet)) {
                out.add(physnet);
            }
        }
        return out;
    }
}
